using System.Text.Json.Serialization;

namespace Tmo.Edge.Core.Contracts;

/// <summary>System.Text.Json source generation for every MQTT payload: camelCase, no reflection at run time.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    AllowTrailingCommas = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(PromptMessage))]
[JsonSerializable(typeof(VoiceMessage))]
[JsonSerializable(typeof(FeedbackMessage))]
[JsonSerializable(typeof(BudgetCommand))]
[JsonSerializable(typeof(PolicyCommand))]
[JsonSerializable(typeof(PolicyProgressMessage))]
[JsonSerializable(typeof(PolicyComparison))]
[JsonSerializable(typeof(ResponseMessage))]
[JsonSerializable(typeof(DecisionPayload))]
[JsonSerializable(typeof(ErrorMessage))]
[JsonSerializable(typeof(PartialResponseMessage))]
[JsonSerializable(typeof(DaemonHealth))]
[JsonSerializable(typeof(PolicyEvaluation))]
public sealed partial class ContractJsonContext : JsonSerializerContext;
