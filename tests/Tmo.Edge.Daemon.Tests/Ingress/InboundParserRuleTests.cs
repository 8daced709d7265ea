using System.Text;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Daemon.Ingress;

namespace Tmo.Edge.Daemon.Tests.Ingress;

/// <summary>
/// Each rule the journal (NewTurn.Validate, the records' maximum lengths) would otherwise throw on, checked by the
/// parser first so the message is rejected with a reason and acknowledged rather than redelivered forever.
/// </summary>
public sealed class InboundParserRuleTests
{
    private const string Device = "dev1";

    private static readonly InboundParser Parser = new(new TopicLayout(InboundTopic.Prefix(Device)), new LimitOptions(), modalityCount: 3);

    private static Rejection Rejected(string relative, string payload, InboundParser? parser = null) =>
        Rejected(relative, Encoding.UTF8.GetBytes(payload), parser);

    private static Rejection Rejected(string relative, byte[] payload, InboundParser? parser = null) =>
        Assert.IsType<Rejection>((parser ?? Parser).Parse(new InboundMessage(InboundTopic.Of(Device, relative), payload, DateTimeOffset.UnixEpoch)));

    [Theory]
    [InlineData("""{"dialogueId":"a","text":"x","requestId":""}""")]
    [InlineData("""{"dialogueId":"a","text":"x","requestId":"   "}""")]
    [InlineData("""{"dialogueId":"a","text":"x","requestId":"r\n1"}""")]
    public void A_request_id_that_is_empty_blank_or_unprintable_is_rejected(string payload) =>
        Assert.StartsWith("'requestId' must be 1 to 128 printable characters", Rejected("in/prompt", payload).Reason, StringComparison.Ordinal);

    [Fact]
    public void A_request_id_longer_than_the_journal_keeps_is_rejected() =>
        Assert.StartsWith("'requestId' must be", Rejected("in/prompt", $$"""{"dialogueId":"a","text":"x","requestId":"{{new string('r', 129)}}"}""").Reason, StringComparison.Ordinal);

    [Fact]
    public void A_request_id_on_a_voice_transcript_follows_the_same_rule() =>
        Assert.StartsWith("'requestId' must be", Rejected("in/voice", """{"dialogueId":"a","transcript":"x","requestId":""}""").Reason, StringComparison.Ordinal);

    [Fact]
    public void A_dialogue_id_longer_than_the_journal_keeps_is_rejected_even_when_the_configuration_allows_more()
    {
        var lenient = new InboundParser(new TopicLayout(InboundTopic.Prefix(Device)), new LimitOptions { MaxDialogueIdLength = 256 }, modalityCount: 3);

        var rejection = Rejected("in/prompt", $$"""{"dialogueId":"{{new string('d', 129)}}","text":"x"}""", lenient);

        Assert.Equal("'dialogueId' must be 1 to 128 printable characters", rejection.Reason);
    }

    [Theory]
    [InlineData("""{"dialogueId":"a\u0000b","text":"x"}""")]
    [InlineData("""{"dialogueId":" ","text":"x"}""")]
    public void A_dialogue_id_with_control_characters_or_nothing_printable_is_rejected(string payload) =>
        Assert.StartsWith("'dialogueId' must be", Rejected("in/prompt", payload).Reason, StringComparison.Ordinal);

    [Theory]
    [InlineData("""{"dialogueId":"a","text":"hi \ud83d there"}""")]
    [InlineData("""{"dialogueId":"\udc00","text":"x"}""")]
    [InlineData("""{"dialogueId":"a","text":"x","requestId":"r\ud800"}""")]
    public void Half_a_surrogate_pair_anywhere_is_rejected_as_invalid_json(string payload) =>
        Assert.StartsWith("invalid JSON", Rejected("in/prompt", payload).Reason, StringComparison.Ordinal);

    [Fact]
    public void A_text_with_a_proper_pair_is_accepted() =>
        Assert.IsType<PromptRequest>(Parser.Parse(new InboundMessage(InboundTopic.Of(Device, "in/prompt"), Encoding.UTF8.GetBytes("""{"dialogueId":"a","text":"hi \ud83d\ude00"}"""), DateTimeOffset.UnixEpoch)));

    [Theory]
    [InlineData("""{"dialogueId":"a","text":"x","task":""}""")]
    [InlineData("""{"dialogueId":"a","text":"x","task":"Qu\u0007ery"}""")]
    public void A_task_that_is_empty_or_unprintable_is_rejected(string payload) =>
        Assert.StartsWith("'task' must be 1 to 64 printable characters", Rejected("in/prompt", payload).Reason, StringComparison.Ordinal);

    [Fact]
    public void A_task_name_longer_than_the_journal_keeps_is_rejected() =>
        Assert.StartsWith("'task' must be", Rejected("in/prompt", $$"""{"dialogueId":"a","text":"x","task":"{{new string('t', 65)}}"}""").Reason, StringComparison.Ordinal);

    [Theory]
    [InlineData("in/prompt")]
    [InlineData("in/voice")]
    [InlineData("cmd/budget")]
    [InlineData("cmd/policy")]
    public void A_json_payload_that_is_not_utf8_is_rejected(string relative) =>
        Assert.Equal("payload is not valid UTF-8", Rejected(relative, [.. "{\"dialogueId\":\"a\",\"text\":\""u8, 0xC3, 0x28, .. "\"}"u8]).Reason);

    [Theory]
    [InlineData("cmd/budget", "budget")]
    [InlineData("cmd/reload", "reload")]
    [InlineData("cmd/policy", "policy")]
    public void A_command_larger_than_a_command_can_be_is_rejected_naming_the_limit(string relative, string command)
    {
        var payload = $$"""{"latencyS":10,"action":"retrain","pad":"{{new string(' ', InboundParser.MaxCommandBytes)}}"}""";

        Assert.Equal($"{command} command of {payload.Length} bytes exceeds {InboundParser.MaxCommandBytes}", Rejected(relative, payload).Reason);
    }

    [Fact]
    public void A_command_within_the_limit_is_still_parsed() =>
        Assert.IsType<BudgetRequest>(Parser.Parse(new InboundMessage(InboundTopic.Of(Device, "cmd/budget"), Encoding.UTF8.GetBytes("""{"latencyS":10}"""), DateTimeOffset.UnixEpoch)));

    [Fact]
    public void A_budget_with_a_huge_number_is_out_of_range_not_an_exception() =>
        Assert.StartsWith("budgets out of range", Rejected("cmd/budget", """{"latencyS":1e308,"usageUsd":-1e308}""").Reason, StringComparison.Ordinal);

    [Fact]
    public void An_unknown_topic_is_echoed_escaped_and_bounded()
    {
        var reason = Rejected($"in/x\nFAKE LOG LINE{new string('y', 5000)}", "{}").Reason;

        Assert.DoesNotContain('\n', reason);
        Assert.Contains("in/x\\nFAKE LOG LINE", reason, StringComparison.Ordinal);
        Assert.True(reason.Length < 200, reason);
    }

    [Fact]
    public void An_unknown_policy_action_is_echoed_escaped_and_bounded()
    {
        var reason = Rejected("cmd/policy", $$"""{"action":"x\r\n{{new string('a', 500)}}"}""").Reason;

        Assert.DoesNotContain('\r', reason);
        Assert.True(reason.Length < 150, reason);
    }
}
