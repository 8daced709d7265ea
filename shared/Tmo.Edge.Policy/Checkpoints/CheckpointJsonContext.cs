using System.Text.Json.Serialization;

namespace Tmo.Edge.Policy.Checkpoints;

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    RespectRequiredConstructorParameters = true,
    MaxDepth = 16)]
[JsonSerializable(typeof(PolicyCheckpoint))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext;
