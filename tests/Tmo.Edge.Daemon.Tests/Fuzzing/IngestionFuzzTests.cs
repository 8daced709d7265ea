using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Tmo.Edge.Daemon.Ingress;
using Tmo.Edge.Daemon.Tests.EndToEnd;
using Tmo.Edge.Daemon.Tests.Mqtt;
using Tmo.Edge.Data.Journal;
using Xunit.Abstractions;

namespace Tmo.Edge.Daemon.Tests.Fuzzing;

/// <summary>
/// The real daemon (end-to-end host, embedded broker, SQLite journal) under a seeded stream of random and adversarial
/// messages on every inbound topic, interleaved with valid prompts, some of them sent twice as a redelivery would.
/// Invariants: every valid prompt is answered within its latency ceiling plus 5 s, exactly once, and is in the journal
/// exactly once; every `error` the daemon publishes is a bounded, single-line reason.
/// </summary>
public sealed class IngestionFuzzTests(ITestOutputHelper output)
{
    /// <summary>The dialogue latency budget the daemon is started with; the ceiling every answer must meet, plus 5 s.</summary>
    private const double LatencyCeilingS = 30;

    private const int Seed = 20261204;

    private static readonly string[] Topics =
    [
        "in/prompt", "in/voice", "in/feedback", "in/camera/0", "in/camera/1", "in/camera/9", "in/sensor/temperature", "in/sensor/x",
        "cmd/budget", "cmd/reload", "cmd/policy", "in/weather", "in/prompt/extra", "in/sensor/", "cmd/unknown", "in/camera/-1",
    ];

    /// <summary>Valid messages that the mutations start from; adversarial ones never use the `fz-` dialogues.</summary>
    private static readonly (string Topic, string Payload)[] Seeds =
    [
        ("in/prompt", """{"dialogueId":"adv-1","text":"Where did I put my dishes?","task":"Query","requestId":"adv-r1"}"""),
        ("in/voice", """{"dialogueId":"adv-2","transcript":"Turn on the lights.","requestId":"adv-r2"}"""),
        ("in/feedback", """{"dialogueId":"adv-1","turn":1,"score":"up"}"""),
        ("in/sensor/temperature", """{"celsius":21.5}"""),
        ("cmd/budget", """{"latencyS":2e6,"usageUsd":-1}"""),
        ("cmd/policy", """{"action":"activate","version":"no-such-version"}"""),
    ];

    private static readonly string[] Adversarial =
    [
        """{"dialogueId":"a","text":"x","requestId":""}""",
        """{"dialogueId":"a","text":"x","requestId":"   "}""",
        $$"""{"dialogueId":"a","text":"x","requestId":"{{new string('r', 129)}}"}""",
        $$"""{"dialogueId":"{{new string('d', 300)}}","text":"x"}""",
        """{"dialogueId":"a\nFAKE LOG LINE","text":"x"}""",
        """{"dialogueId":"a","text":"x","task":""}""",
        $$"""{"dialogueId":"a","text":"x","task":"{{new string('t', 100)}}"}""",
        """{"dialogueId":"a","text":"x","task":"No\u0007Such"}""",
        """{"dialogueId":"a","text":"\ud800"}""",
        """{"dialogueId":5,"text":true}""",
        """{"dialogueId":"a","text":"x","ts":99999999999999999999999}""",
        """{"latencyS":1e999}""",
        """{"latencyS":"ten"}""",
        """{"action":"retrain\r\nspoofed"}""",
        """{"dialogueId":"a","audio":"not base64!"}""",
        """{"dialogueId":"fz-0","turn":1,"score":1e999}""",
        """{"dialogueId":"fz-1","turn":0,"score":0.5}""",
        """{"dialogueId":"fz-2","turn":1,"score":"down\nFAKE LOG LINE"}""",
        """{"dialogueId":"fz-3","turn":2147483648,"score":"up"}""",
        "null", "[]", "", "{", "\"just a string\"", "-0", "1e308",
        new string('[', 200) + new string(']', 200),
        $$"""{"dialogueId":"a","text":"{{new string('x', 20_000)}}"}""",
    ];

    [Fact]
    public async Task Fuzzed_messages_on_every_inbound_topic_never_delay_drop_or_duplicate_a_valid_prompt()
    {
        var random = new Random(Seed);
        var adversarialCount = Math.Clamp(FuzzAttribute.Cases / 4, 120, 4000);
        var validCount = Math.Clamp(adversarialCount / 6, 20, 400);
        await using var daemon = await DaemonHost.StartAsync(new Dictionary<string, string?>
        {
            ["Tmo:Budgets:DialogueLatencyS"] = LatencyCeilingS.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await using var device = await Devices.ConnectAsync(daemon.BrokerPort, daemon.DeviceId);
        await using var attacker = await Devices.ConnectAsync(daemon.BrokerPort, daemon.DeviceId);

        var plan = Enumerable.Range(0, validCount).Select(i => (Valid: i, Index: 0))
            .Concat(Enumerable.Range(0, adversarialCount).Select(i => (Valid: -1, Index: i)))
            .OrderBy(_ => random.Next())
            .ToList();
        // Prompts with an invalid requestId go in whatever the draws give, so the last assertion does not depend on them.
        foreach (var payload in Adversarial.Where(p => p.Contains("\"requestId\"", StringComparison.Ordinal)))
        {
            await attacker.PublishAsync("in/prompt", Encoding.UTF8.GetBytes(payload));
        }

        var sentAt = new ConcurrentDictionary<string, long>();
        foreach (var (valid, _) in plan)
        {
            if (valid >= 0)
            {
                var dialogue = $"fz-{valid}";
                sentAt[dialogue] = Stopwatch.GetTimestamp();
                await device.PromptAsync(dialogue, "Please turn on all the lights in the kitchen.", requestId: $"req-{valid}");
                if (valid % 8 == 0)
                {
                    // As a broker would redeliver it: the same request id again.
                    await device.PromptAsync(dialogue, "Please turn on all the lights in the kitchen.", requestId: $"req-{valid}");
                }
            }
            else
            {
                var (topic, payload) = NextAdversarial(random);
                await attacker.PublishAsync(topic, payload);
            }
        }

        var deadline = TimeSpan.FromSeconds(LatencyCeilingS + 5);
        await Eventually.ReturnsAsync(() => device.Responses.Count(r => r.DialogueId.StartsWith("fz-", StringComparison.Ordinal)) >= validCount ? device : null, deadline);
        // Anything processed twice would be answered twice by now.
        await Task.Delay(TimeSpan.FromSeconds(1));

        var answers = device.Responses.Where(r => r.DialogueId.StartsWith("fz-", StringComparison.Ordinal)).ToList();
        Assert.Equal(validCount, answers.Count);
        Assert.Equal(validCount, answers.Select(r => r.DialogueId).Distinct().Count());
        Assert.All(answers, r => Assert.Equal(1, r.Turn));
        Assert.All(sentAt.Values, sent => Assert.True(Stopwatch.GetElapsedTime(sent) < deadline + TimeSpan.FromSeconds(2)));
        var journal = daemon.Services.GetRequiredService<TurnJournal>();
        for (var i = 0; i < validCount; i++)
        {
            var history = await journal.LoadDialogueAsync($"fz-{i}", CancellationToken.None);
            Assert.Single(history!.Turns);
        }

        var errors = device.Errors;
        output.WriteLine($"{validCount} valid prompts answered once each among {adversarialCount} adversarial messages; {errors.Count} errors published");
        Assert.NotEmpty(errors);
        Assert.All(errors, e =>
        {
            Assert.DoesNotContain(e.Reason, char.IsControl);
            Assert.DoesNotContain(e.Topic, char.IsControl);
            Assert.True(e.Reason.Length <= 512, e.Reason);
        });
        Assert.Contains(errors, e => e.Reason.StartsWith("'requestId' must be", StringComparison.Ordinal));
    }

    private static (string Topic, byte[] Payload) NextAdversarial(Random random)
    {
        var topic = Topics[random.Next(Topics.Length)];
        var payload = random.Next(4) switch
        {
            0 => Encoding.UTF8.GetBytes(Adversarial[random.Next(Adversarial.Length)]),
            1 => Mutate(Encoding.UTF8.GetBytes(Seeds[random.Next(Seeds.Length)].Payload), random),
            2 => RandomBytes(random, random.Next(4) == 0 ? (2 << 20) + random.Next(1024) : random.Next(256)),
            _ => Encoding.UTF8.GetBytes(Seeds.FirstOrDefault(s => s.Topic == topic).Payload ?? "{}"),
        };
        if (topic.StartsWith("in/camera/", StringComparison.Ordinal) && random.Next(2) == 0)
        {
            // A real JPEG header in front, so the frame checks past the magic bytes are exercised too.
            payload = [0xFF, 0xD8, 0xFF, .. payload];
        }

        return (topic, payload);
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = seed.ToList();
        for (var edits = random.Next(1, 5); edits > 0 && bytes.Count > 0; edits--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.RemoveRange(at, random.Next(1, bytes.Count - at + 1));
                    break;
                case 2:
                    bytes.InsertRange(at, RandomBytes(random, random.Next(1, 16)));
                    break;
                default:
                    bytes.InsertRange(at, bytes.GetRange(at, Math.Min(bytes.Count - at, 32)));
                    break;
            }
        }

        return [.. bytes];
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
