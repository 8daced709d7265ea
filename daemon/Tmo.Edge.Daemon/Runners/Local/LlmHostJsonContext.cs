using System.Text.Json.Serialization;

namespace Tmo.Edge.Daemon.Runners.Local;

/// <summary>Source-generated JSON for the model host's pipe protocol.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(GenerateRequest))]
[JsonSerializable(typeof(HostReply))]
public sealed partial class LlmHostJsonContext : JsonSerializerContext;
