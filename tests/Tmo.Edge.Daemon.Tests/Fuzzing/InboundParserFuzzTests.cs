using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Daemon.Ingress;

namespace Tmo.Edge.Daemon.Tests.Fuzzing;

/// <summary>
/// Every inbound MQTT payload the daemon takes, damaged: the parser answers with a typed message or a rejection that
/// says why, and never throws (a throw would stop the ingress and leave the message unacknowledged).
/// </summary>
public sealed class InboundParserFuzzTests
{
    private static readonly TopicLayout Topics = new("tmo/fuzz");
    private static readonly InboundParser Parser = new(Topics, new LimitOptions(), modalityCount: 3);

    /// <summary>A device topic (`in/...`) in a device account's branch; any other under the prefix.</summary>
    private static string Absolute(string topic) =>
        topic.StartsWith(TopicLayout.InboundPrefix, StringComparison.Ordinal) ? Topics.ForAccount("fuzzer", topic) : Topics.Absolute(topic);

    /// <summary>A valid payload per topic, the seeds the mutations start from.</summary>
    private static readonly (string Topic, byte[] Payload)[] Valid =
    [
        ("in/prompt", Utf8("""{"dialogueId":"kitchen-42","text":"Where did I put my dishes?","task":"Query","requestId":"r1"}""")),
        ("in/voice", Utf8("""{"dialogueId":"kitchen-42","transcript":"Turn on the lights.","audio":null}""")),
        ("in/feedback", Utf8("""{"dialogueId":"kitchen-42","turn":2,"score":0.25}""")),
        ("in/feedback", Utf8("""{"dialogueId":"kitchen-42","turn":1,"score":"down"}""")),
        ("in/sensor/temperature", Utf8("""{"celsius":21.5,"at":"2026-11-28T01:02:03Z"}""")),
        ("in/sensor/door", Utf8("1")),
        ("in/camera/0", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00]),
        ("in/camera/2", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00]),
        ("cmd/budget", Utf8("""{"latencyS":20,"usageUsd":0.02,"dailyCapUsd":3}""")),
        ("cmd/reload", []),
    ];

    private static readonly string[] OtherTopics =
    [
        "in/unknown", "in/feedback/", "in/camera/", "in/camera/7", "in/camera/-1", "in/camera/x", "in/sensor/", "cmd/unknown", "out/response", "",
    ];

    [Fuzz]
    public Property A_damaged_payload_on_any_topic_is_parsed_or_rejected_with_a_reason() =>
        Prop.ForAll(Messages().ToArbitrary(), message =>
        {
            var parsed = Parser.Parse(message);

            Assert.NotNull(parsed);
            if (parsed is Rejection rejection)
            {
                Assert.False(string.IsNullOrWhiteSpace(rejection.Reason));
            }
        });

    [Fuzz]
    public Property An_oversize_payload_is_rejected_naming_the_limit() =>
        Prop.ForAll(Gen.Elements(Valid.Where(v => v.Topic.StartsWith("in/", StringComparison.Ordinal)).ToArray()).ToArbitrary(), valid =>
        {
            var oversize = new byte[(5 << 20) + 1];
            valid.Payload.CopyTo(oversize, 0);

            var parsed = Parser.Parse(new InboundMessage(Absolute(valid.Topic), oversize, DateTimeOffset.UnixEpoch));

            var rejection = Assert.IsType<Rejection>(parsed);
            Assert.Contains("exceeds", rejection.Reason, StringComparison.Ordinal);
        });

    private static Gen<InboundMessage> Messages() =>
        from seed in Gen.Elements(Valid)
        from topic in Gen.Frequency((4, Gen.Constant(seed.Topic)), (1, Gen.Elements(OtherTopics)))
        from payload in FuzzInputs.MutationsOf(seed.Payload).Generator
        select new InboundMessage(Absolute(topic), payload, DateTimeOffset.UnixEpoch);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
