using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Daemon.Ingress;

namespace Tmo.Edge.Daemon.Tests.Fuzzing;

/// <summary>
/// The payloads the first parser fuzz left out: cmd/policy, cmd/budget's device limits and voice audio (on a daemon
/// with a speech recogniser). Damaged, or with a field of the wrong type, each is rejected with a reason or parsed
/// into a command that keeps the contract's ranges; nothing out of range ever reaches the handlers.
/// </summary>
public sealed class CommandPayloadFuzzTests
{
    private static readonly TopicLayout Topics = new("tmo/fuzz");
    private static readonly InboundParser Parser = new(Topics, new LimitOptions(), modalityCount: 3, transcribesAudio: true);

    /// <summary>A device topic (`in/...`) in a device account's branch; any other under the prefix.</summary>
    private static string Absolute(string topic) =>
        topic.StartsWith(TopicLayout.InboundPrefix, StringComparison.Ordinal) ? Topics.ForAccount("fuzzer", topic) : Topics.Absolute(topic);

    private static readonly string Wav = Convert.ToBase64String([.. "RIFF"u8, 36, 0, 0, 0, .. "WAVEfmt "u8, 16, 0, 0, 0, 1, 0, 1, 0]);

    private static readonly (string Topic, string Payload)[] Valid =
    [
        ("cmd/policy", """{"action":"activate","version":"rc-a2c-2026-11-27-1"}"""),
        ("cmd/policy", """{"action":"retrain"}"""),
        ("cmd/budget", """{"thermalLimitC":80,"powerCapW":15,"memoryMarginMB":256}"""),
        ("cmd/budget", """{"latencyS":20,"usageUsd":0.02,"dailyCapUsd":3,"thermalLimitC":85}"""),
        ("in/voice", $$"""{"dialogueId":"kitchen-42","audio":"{{Wav}}","requestId":"r1"}"""),
    ];

    private static readonly string[] WrongValues =
    [
        "\"text\"", "\"\"", "-1", "0", "1e308", "-1e308", "1e-320", "99999999999999999999", "[]", "{}", "null", "true", "\"\\u0000\"", "\"=====\"",
        $"\"{new string('a', 300)}\"",
    ];

    [Fuzz]
    public Property A_damaged_command_or_voice_payload_is_rejected_with_a_reason_or_kept_in_range() =>
        Prop.ForAll(Damaged().ToArbitrary(), message => AssertRejectedOrInRange(Parser.Parse(message)));

    [Fuzz]
    public Property A_field_of_the_wrong_type_is_rejected_with_a_reason_or_kept_in_range() =>
        Prop.ForAll(Gen.Elements(Valid).ToArbitrary(), Gen.Elements(WrongValues).ToArbitrary(), Gen.Choose(0, 5).ToArbitrary(), (seed, value, field) =>
        {
            var payload = WithField(seed.Payload, field, value);

            AssertRejectedOrInRange(Parser.Parse(new InboundMessage(Absolute(seed.Topic), Encoding.UTF8.GetBytes(payload), DateTimeOffset.UnixEpoch)));
        });

    private static Gen<InboundMessage> Damaged() =>
        from seed in Gen.Elements(Valid)
        from payload in FuzzInputs.MutationsOf(Encoding.UTF8.GetBytes(seed.Payload)).Generator
        select new InboundMessage(Absolute(seed.Topic), payload, DateTimeOffset.UnixEpoch);

    private static void AssertRejectedOrInRange(InboundMessageKind parsed)
    {
        switch (parsed)
        {
            case Rejection rejection:
                Assert.False(string.IsNullOrWhiteSpace(rejection.Reason));
                break;
            case BudgetRequest { Command: var budget }:
                AssertIn(budget.LatencyS, 0.001, 86_400);
                AssertIn(budget.UsageUsd, 0, 1_000);
                AssertIn(budget.DailyCapUsd, 0, 1_000_000);
                AssertIn(budget.ThermalLimitC, 20, 150);
                AssertIn(budget.PowerCapW, 0, 10_000);
                AssertIn(budget.MemoryMarginMB, 0, 1 << 24);
                break;
            case PolicyRequest { Command: var policy }:
                Assert.Contains(policy.Action, (string[])[PolicyCommand.Activate, PolicyCommand.Retrain]);
                if (policy.Action == PolicyCommand.Activate)
                {
                    Assert.InRange(policy.Version?.Trim().Length ?? 0, 1, 128);
                }

                break;
            case AudioRequest audio:
                Assert.True(audio.Wav.Span.StartsWith("RIFF"u8) && audio.Wav.Span[8..12].SequenceEqual("WAVE"u8));
                Assert.InRange(audio.DialogueId.Length, 1, 128);
                break;
            case PromptRequest prompt:
                // A voice message whose transcript the mutation left readable.
                Assert.False(string.IsNullOrWhiteSpace(prompt.Text));
                break;
            default:
                Assert.Fail($"{parsed.GetType().Name} from a command or voice payload.");
                break;
        }
    }

    private static void AssertIn(double? value, double minimum, double maximum)
    {
        if (value is { } number)
        {
            Assert.InRange(number, minimum, maximum);
        }
    }

    /// <summary>The payload with its <paramref name="field"/>-th value (counted round) spliced out for <paramref name="value"/>.</summary>
    private static string WithField(string payload, int field, string value)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(payload)!.AsObject();
        var name = node.ElementAt(field % node.Count).Key;
        node[name] = "fuzzed-value";
        return node.ToJsonString().Replace("\"fuzzed-value\"", value, StringComparison.Ordinal);
    }
}
