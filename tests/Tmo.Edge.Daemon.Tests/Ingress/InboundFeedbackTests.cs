using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Daemon.Ingress;
using Tmo.Edge.Daemon.Metrics;

namespace Tmo.Edge.Daemon.Tests.Ingress;

/// <summary>
/// `in/feedback` through the router on a daemon started without MQTT (<see cref="BrokerlessDaemon"/>): a rating lands
/// on the answered turn in the journal, and only the dialogue's owner may give it. Every test uses its own accounts and
/// dialogue ids on the shared daemon.
/// </summary>
public sealed class InboundFeedbackTests(BrokerlessDaemon daemon) : IClassFixture<BrokerlessDaemon>
{
    [Fact]
    public async Task An_answered_turn_rated_by_its_owner_is_stored_before_the_receipt_completes_and_counted()
    {
        await AnsweredDialogueAsync("feedback-a1", "feedback-d1");
        var storedBefore = await FeedbackCountAsync("stored");

        var disposition = await daemon.AcceptAsync(daemon.FromAccount("feedback-a1", TopicLayout.Feedback, """{"dialogueId":"feedback-d1","turn":1,"score":0.8}"""));

        Assert.Equal(InboundDisposition.Accepted, disposition);
        Assert.Equal(0.8, await ScoreAsync("feedback-d1", 1));
        Assert.Equal(storedBefore + 1, await FeedbackCountAsync("stored"));
    }

    [Fact]
    public async Task Up_and_down_are_stored_as_one_and_zero_and_a_later_rating_replaces_an_earlier_one()
    {
        await AnsweredDialogueAsync("feedback-a2", "feedback-d2");

        Assert.Equal(InboundDisposition.Accepted, await daemon.AcceptAsync(daemon.FromAccount("feedback-a2", TopicLayout.Feedback, """{"dialogueId":"feedback-d2","turn":1,"score":"up"}""")));
        Assert.Equal(1, await ScoreAsync("feedback-d2", 1));

        Assert.Equal(InboundDisposition.Accepted, await daemon.AcceptAsync(daemon.FromAccount("feedback-a2", TopicLayout.Feedback, """{"dialogueId":"feedback-d2","turn":1,"score":"down"}""")));
        Assert.Equal(0, await ScoreAsync("feedback-d2", 1));
    }

    [Fact]
    public async Task Feedback_from_an_account_that_does_not_own_the_dialogue_is_refused_and_the_score_unchanged()
    {
        await AnsweredDialogueAsync("feedback-owner", "feedback-d3");
        Assert.Equal(InboundDisposition.Accepted, await daemon.AcceptAsync(daemon.FromAccount("feedback-owner", TopicLayout.Feedback, """{"dialogueId":"feedback-d3","turn":1,"score":0.9}""")));
        var refusedBefore = await FeedbackCountAsync("refused");

        var disposition = await daemon.AcceptAsync(daemon.FromAccount("feedback-intruder", TopicLayout.Feedback, """{"dialogueId":"feedback-d3","turn":1,"score":"down"}"""));

        Assert.Equal(InboundDisposition.Rejected, disposition);
        Assert.Equal("no dialogue 'feedback-d3' of this account to rate", BrokerlessDaemon.ErrorReason(await daemon.PublishedOnAsync(BrokerlessDaemon.ErrorTopicOf("feedback-intruder"))));
        Assert.Equal(0.9, await ScoreAsync("feedback-d3", 1));
        Assert.Equal(refusedBefore + 1, await FeedbackCountAsync("refused"));
    }

    [Fact]
    public async Task Feedback_on_an_unknown_dialogue_is_refused_in_the_same_words_as_another_accounts_and_creates_nothing()
    {
        var disposition = await daemon.AcceptAsync(daemon.FromAccount("feedback-a4", TopicLayout.Feedback, """{"dialogueId":"feedback-nowhere","turn":1,"score":1}"""));

        Assert.Equal(InboundDisposition.Rejected, disposition);
        Assert.Equal("no dialogue 'feedback-nowhere' of this account to rate", BrokerlessDaemon.ErrorReason(await daemon.PublishedOnAsync(BrokerlessDaemon.ErrorTopicOf("feedback-a4"))));
        await using var db = daemon.OpenDatabase();
        Assert.False(await db.Dialogues.AnyAsync(d => d.Id == "feedback-nowhere"));
    }

    [Fact]
    public async Task Feedback_on_a_turn_the_dialogue_does_not_have_is_refused_and_rates_nothing()
    {
        await AnsweredDialogueAsync("feedback-a5", "feedback-d5");

        var disposition = await daemon.AcceptAsync(daemon.FromAccount("feedback-a5", TopicLayout.Feedback, """{"dialogueId":"feedback-d5","turn":2,"score":1}"""));

        Assert.Equal(InboundDisposition.Rejected, disposition);
        Assert.Equal(
            "turn 2 of dialogue 'feedback-d5' has no answer to rate (no such turn, not answered yet, or refused)",
            BrokerlessDaemon.ErrorReason(await daemon.PublishedOnAsync(BrokerlessDaemon.ErrorTopicOf("feedback-a5"))));
        await using var db = daemon.OpenDatabase();
        Assert.False(await db.Turns.AnyAsync(t => t.DialogueId == "feedback-d5" && t.Score != null));
    }

    [Fact]
    public async Task Malformed_feedback_is_rejected_on_the_senders_error_topic()
    {
        var disposition = await daemon.AcceptAsync(daemon.FromAccount("feedback-a6", TopicLayout.Feedback, """{"dialogueId":"feedback-d6","turn":1,"score":7}"""));

        Assert.Equal(InboundDisposition.Rejected, disposition);
        Assert.EndsWith("; got 7", BrokerlessDaemon.ErrorReason(await daemon.PublishedOnAsync(BrokerlessDaemon.ErrorTopicOf("feedback-a6"))), StringComparison.Ordinal);
    }

    /// <summary>Opens a dialogue for the account with one prompt and waits for its answer.</summary>
    private async Task AnsweredDialogueAsync(string account, string dialogueId)
    {
        Assert.Equal(
            InboundDisposition.Accepted,
            await daemon.AcceptAsync(daemon.FromAccount(account, TopicLayout.Prompt, $$"""{"dialogueId":"{{dialogueId}}","text":"What is on the table?"}""")));
        await daemon.PublishedOnAsync(daemon.Topics.ForAccount(account, TopicLayout.Response));
    }

    private async Task<double?> ScoreAsync(string dialogueId, int sequence)
    {
        await using var db = daemon.OpenDatabase();
        return (await db.Turns.AsNoTracking().SingleAsync(t => t.DialogueId == dialogueId && t.Sequence == sequence)).Score;
    }

    private async Task<double> FeedbackCountAsync(string result)
    {
        using var text = new MemoryStream();
        await daemon.Services.GetRequiredService<DaemonMetrics>().Registry.CollectAndExportAsTextAsync(text);
        var match = Regex.Match(Encoding.UTF8.GetString(text.ToArray()), $$"""^tmo_feedback_total\{result="{{result}}"\} (\S+)$""", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }
}
