using System.Text;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Daemon.Ingress;

namespace Tmo.Edge.Daemon.Tests.Ingress;

/// <summary>`in/feedback` as the parser reads it: every bad payload is a rejection that says which field is wrong.</summary>
public sealed class InboundFeedbackParserTests
{
    private const string Topic = "tmo/dev1/users/alice/in/feedback";

    private static readonly InboundParser Parser = new(new TopicLayout("tmo/dev1"), new LimitOptions(), modalityCount: 3);

    private static InboundMessageKind Parse(string payload, string topic = Topic) =>
        Parser.Parse(new InboundMessage(topic, Encoding.UTF8.GetBytes(payload), DateTimeOffset.UnixEpoch));

    [Theory]
    [InlineData("0.75", 0.75)]
    [InlineData("0", 0)]
    [InlineData("1", 1)]
    [InlineData("1.0e0", 1)]
    [InlineData("\"up\"", 1)]
    [InlineData("\"down\"", 0)]
    public void A_rating_of_a_turn_is_parsed_with_its_score_in_zero_to_one(string score, double expected)
    {
        var parsed = Parse($$"""{"dialogueId":"kitchen-42","turn":3,"score":{{score}}}""");

        Assert.Equal(new FeedbackRequest("alice", "kitchen-42", 3, expected), parsed);
    }

    [Fact]
    public void Unknown_fields_are_ignored_as_in_a_prompt()
    {
        var parsed = Parse("""{"dialogueId":"d","turn":1,"score":"up","comment":"great","ts":"2026-12-06T00:00:00Z"}""");

        Assert.Equal(new FeedbackRequest("alice", "d", 1, 1), parsed);
    }

    [Theory]
    [InlineData("""{"dialogueId":"d","turn":1,"score":1.5}""", """or a number, score in [0, 1]; got 1.5""")]
    [InlineData("""{"dialogueId":"d","turn":1,"score":-0.1}""", "; got -0.1")]
    [InlineData("""{"dialogueId":"d","turn":1,"score":1e999}""", "; got 1e999")]
    [InlineData("""{"dialogueId":"d","turn":1,"score":-1e999}""", "; got -1e999")]
    [InlineData("""{"dialogueId":"d","turn":1,"score":"NaN"}""", "; got 'NaN'")]
    [InlineData("""{"dialogueId":"d","turn":1,"score":"Infinity"}""", "; got 'Infinity'")]
    [InlineData("""{"dialogueId":"d","turn":1,"score":"Up"}""", "; got 'Up'")]
    [InlineData("""{"dialogueId":"d","turn":1,"score":"0.5"}""", "; got '0.5'")]
    [InlineData("""{"dialogueId":"d","turn":1,"score":"down\nFAKE LOG LINE"}""", @"; got 'down\nFAKE LOG LINE'")]
    [InlineData("""{"dialogueId":"d","turn":1,"score":true}""", "; got a JSON true")]
    [InlineData("""{"dialogueId":"d","turn":1,"score":[1]}""", "; got a JSON array")]
    [InlineData("""{"dialogueId":"d","turn":1,"score":{"value":1}}""", "; got a JSON object")]
    [InlineData("""{"dialogueId":"d","turn":1,"score":null}""", "; it is missing")]
    [InlineData("""{"dialogueId":"d","turn":1}""", "; it is missing")]
    public void A_score_that_is_not_up_down_or_a_number_in_range_is_rejected_saying_what_was_sent(string payload, string reason)
    {
        var rejection = Assert.IsType<Rejection>(Parse(payload));

        Assert.StartsWith("""'score' must be "up" (1), "down" (0) or a number, score in [0, 1]""", rejection.Reason, StringComparison.Ordinal);
        Assert.EndsWith(reason, rejection.Reason, StringComparison.Ordinal);
        Assert.Equal("alice", rejection.Account);
    }

    [Theory]
    [InlineData("""{"dialogueId":"d","turn":0,"score":1}""")]
    [InlineData("""{"dialogueId":"d","turn":-2,"score":1}""")]
    [InlineData("""{"dialogueId":"d","score":1}""")]
    [InlineData("""{"dialogueId":"d","turn":null,"score":1}""")]
    public void A_turn_that_is_missing_zero_or_negative_is_rejected(string payload)
    {
        var rejection = Assert.IsType<Rejection>(Parse(payload));

        Assert.StartsWith("'turn' must be the positive number of an answered turn", rejection.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"dialogueId":"d","turn":1.5,"score":1}""")]
    [InlineData("""{"dialogueId":"d","turn":"2","score":1}""")]
    [InlineData("""{"dialogueId":"d","turn":99999999999,"score":1}""")]
    [InlineData("""{"dialogueId":7,"turn":1,"score":1}""")]
    [InlineData("""{"dialogueId":"d","turn":1,"score":1,}""")]
    [InlineData("""[{"dialogueId":"d","turn":1,"score":1}]""")]
    [InlineData("{")]
    public void A_field_of_the_wrong_type_or_broken_json_is_rejected_as_invalid_json(string payload)
    {
        var rejection = Assert.IsType<Rejection>(Parse(payload));

        Assert.StartsWith("invalid JSON", rejection.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"turn":1,"score":1}""")]
    [InlineData("""{"dialogueId":"","turn":1,"score":1}""")]
    [InlineData("""{"dialogueId":"  ","turn":1,"score":1}""")]
    [InlineData("""{"dialogueId":"a\u0007b","turn":1,"score":1}""")]
    public void A_missing_or_unprintable_dialogue_id_is_rejected_as_in_a_prompt(string payload)
    {
        var rejection = Assert.IsType<Rejection>(Parse(payload));

        Assert.Equal("'dialogueId' must be 1 to 128 printable characters", rejection.Reason);
    }

    [Fact]
    public void A_dialogue_id_longer_than_the_journal_keeps_is_rejected()
    {
        var rejection = Assert.IsType<Rejection>(Parse($$"""{"dialogueId":"{{new string('d', 129)}}","turn":1,"score":1}"""));

        Assert.StartsWith("'dialogueId' must be", rejection.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null", "JSON null")]
    [InlineData("", "invalid JSON")]
    public void An_empty_or_null_payload_is_rejected(string payload, string reason)
    {
        Assert.Contains(reason, Assert.IsType<Rejection>(Parse(payload)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_oversize_feedback_message_is_rejected_naming_the_limit()
    {
        var payload = $$"""{"dialogueId":"d","turn":1,"score":1,"padding":"{{new string('x', InboundParser.MaxFeedbackBytes)}}"}""";

        var rejection = Assert.IsType<Rejection>(Parse(payload));

        Assert.Equal($"feedback message of {Encoding.UTF8.GetByteCount(payload)} bytes exceeds {InboundParser.MaxFeedbackBytes}", rejection.Reason);
    }

    [Fact]
    public void Feedback_outside_an_accounts_branch_is_refused()
    {
        var rejection = Assert.IsType<Rejection>(Parse("""{"dialogueId":"d","turn":1,"score":1}""", "tmo/dev1/in/feedback"));

        Assert.StartsWith("devices publish in their account's branch", rejection.Reason, StringComparison.Ordinal);
    }
}
