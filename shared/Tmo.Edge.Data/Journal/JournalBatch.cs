using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Data.Records;
using Tmo.Edge.Data.Spending;

namespace Tmo.Edge.Data.Journal;

/// <summary>
/// Applies one batch of journal writes, in arrival order, inside the writer's transaction. Each request runs its
/// statements at once, so a later request of the batch sees what an earlier one did (the next sequence, a request id
/// accepted a moment before, a turn already completed) exactly as if each had been a transaction of its own.
/// </summary>
/// <remarks>
/// Plain SQL rather than EF change tracking: measured, EF spent several times the commit's fsync on loading and
/// saving a batch, which capped throughput well below the target. Statements stay prepared on the writer's
/// <see cref="JournalConnection"/> and run again with new values for every request. Values are stored as the model
/// maps them (UTC ticks, status names, JSON arrays as <see cref="JournalJson"/> writes them), which the journal tests
/// check against EF.
/// </remarks>
internal sealed class JournalBatch
{
    private const string OwnerSql = """SELECT "Owner" FROM "Dialogues" WHERE "Id" = $dialogue""";

    private const string FindRequestSql =
        """SELECT "Id", "Sequence", "Status" FROM "Turns" WHERE "DialogueId" = $dialogue AND "RequestId" = $request""";

    // Creates the dialogue with the first turn's budgets or counts one more turn of it; activity never moves
    // backwards (redeliveries after a reconnect can arrive out of order) and a new turn reopens an idle-closed one.
    private const string CountTurnSql =
        """
        INSERT INTO "Dialogues" ("Id", "Owner", "StartedAt", "LastActivityAt", "LatencyBudgetS", "UsageBudgetUsd", "SpentLatencyS", "SpentUsageUsd", "TurnCount", "ClosedAt")
        VALUES ($dialogue, $owner, $at, $at, $latencyBudget, $usageBudget, 0, 0, 1, NULL)
        ON CONFLICT ("Id") DO UPDATE SET
            "Owner" = coalesce("Owner", excluded."Owner"),
            "TurnCount" = "TurnCount" + 1,
            "LastActivityAt" = max("LastActivityAt", excluded."LastActivityAt"),
            "ClosedAt" = NULL
        RETURNING "TurnCount"
        """;

    private const string InsertTurnSql =
        """
        INSERT INTO "Turns" ("DialogueId", "Sequence", "RequestId", "ReceivedAt", "ReplyTopic", "CorrelationData", "Prompt", "Task", "TaskInferred", "Status", "Views", "Probabilities", "Masked")
        VALUES ($dialogue, $sequence, $request, $at, $replyTopic, $correlation, $prompt, $task, $inferred, $status, '[]', '[]', '[]')
        RETURNING "Id"
        """;

    // Only a pending turn is completed, so a retry changes nothing and cannot count its costs twice.
    private const string CompleteTurnSql =
        $"""
        UPDATE "Turns" SET
            "Status" = $status, "Action" = $action, "Location" = $location, "Views" = $views,
            "Probabilities" = $probabilities, "Masked" = $masked, "LatencyMs" = $latency, "UsageUsd" = $usage,
            "EnergyJ" = $energy, "ResponseText" = $response, "PolicyVersion" = $policy, "Error" = $error,
            "AnsweredAt" = $at
        WHERE "Id" = $turn AND "Status" = '{nameof(TurnStatus.Pending)}'
        RETURNING "DialogueId"
        """;

    private const string TurnExistsSql = """SELECT EXISTS (SELECT 1 FROM "Turns" WHERE "Id" = $turn)""";

    private const string SpendDialogueSql =
        """UPDATE "Dialogues" SET "SpentLatencyS" = "SpentLatencyS" + $latency, "SpentUsageUsd" = "SpentUsageUsd" + $usage WHERE "Id" = $dialogue""";

    private const string BookSpendSql =
        """
        INSERT INTO "DailySpend" ("Day", "CloudUsd", "LocalUsd", "UpdatedAt") VALUES ($day, $cloud, $local, $at)
        ON CONFLICT ("Day") DO UPDATE SET
            "CloudUsd" = "CloudUsd" + excluded."CloudUsd",
            "LocalUsd" = "LocalUsd" + excluded."LocalUsd",
            "UpdatedAt" = excluded."UpdatedAt"
        """;

    // Publishing twice keeps the first time; an unknown turn is nothing to mark.
    private const string MarkPublishedSql =
        """UPDATE "Turns" SET "PublishedAt" = $at WHERE "Id" = $turn AND "PublishedAt" IS NULL""";

    // Only an answer can be rated; a later rating of the same turn (the user's after the judge's) replaces the first.
    private const string RateTurnSql =
        $"""
        UPDATE "Turns" SET "Score" = $score
        WHERE "DialogueId" = $dialogue AND "Sequence" = $sequence AND "Status" = '{nameof(TurnStatus.Answered)}'
        """;

    private const string CloseIdleSql =
        """UPDATE "Dialogues" SET "ClosedAt" = $at WHERE "ClosedAt" IS NULL AND "LastActivityAt" < $idleSince""";

    private readonly JournalConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly TimeProvider _time;

    private JournalBatch(JournalConnection connection, SqliteTransaction transaction, TimeProvider time)
    {
        _connection = connection;
        _transaction = transaction;
        _time = time;
    }

    /// <summary>
    /// Applies <paramref name="requests"/> in order on the writer's connection, in <paramref name="transaction"/>. A
    /// failed statement is reported as the <see cref="DbUpdateException"/> SaveChanges would have thrown.
    /// </summary>
    public static async Task ApplyAsync(
        JournalConnection connection, SqliteTransaction transaction, TimeProvider time, IReadOnlyList<JournalRequest> requests, CancellationToken cancellationToken)
    {
        var batch = new JournalBatch(connection, transaction, time);
        try
        {
            foreach (var request in requests)
            {
                await batch.ApplyAsync(request, cancellationToken);
            }
        }
        catch (SqliteException error)
        {
            throw new DbUpdateException($"The journal could not write a batch of {requests.Count} requests; see the inner exception.", error);
        }
    }

    private Task ApplyAsync(JournalRequest request, CancellationToken cancellationToken) => request switch
    {
        AcceptRequest accept => AcceptAsync(accept, cancellationToken),
        CompleteRequest complete => CompleteAsync(complete, cancellationToken),
        MarkPublishedRequest published => MarkPublishedAsync(published, cancellationToken),
        RateRequest rate => RateAsync(rate, cancellationToken),
        CloseIdleRequest close => CloseIdleAsync(close, cancellationToken),
        _ => throw new InvalidOperationException($"The journal does not know how to apply a {request.GetType().Name}."),
    };

    private async Task AcceptAsync(AcceptRequest request, CancellationToken cancellationToken)
    {
        var turn = request.Turn;

        // Checked before the redelivery lookup, so another account cannot learn which request ids a dialogue holds.
        if (turn.Owner is { } owner && await ScalarAsync<string>(Command(OwnerSql, ("$dialogue", turn.DialogueId)), cancellationToken) is { } current
            && !string.Equals(current, owner, StringComparison.Ordinal))
        {
            request.Answer(AcceptedTurn.Foreign);
            return;
        }

        if (turn.RequestId is { } requestId && await FindRequestAsync(turn.DialogueId, requestId, cancellationToken) is { } first)
        {
            request.Answer(first);
            return;
        }

        var at = turn.ReceivedAt.UtcTicks;
        var sequence = await ScalarAsync<long>(
            Command(CountTurnSql, ("$dialogue", turn.DialogueId), ("$owner", turn.Owner), ("$at", at), ("$latencyBudget", request.BudgetIfNew.LatencyS), ("$usageBudget", request.BudgetIfNew.UsageUsd)),
            cancellationToken);
        var id = await ScalarAsync<long>(
            Command(
                InsertTurnSql,
                ("$dialogue", turn.DialogueId),
                ("$sequence", sequence),
                ("$request", turn.RequestId),
                ("$at", at),
                ("$replyTopic", turn.ReplyTopic),
                ("$correlation", turn.CorrelationData),
                ("$prompt", turn.Prompt),
                ("$task", turn.Task),
                ("$inferred", turn.TaskInferred),
                ("$status", nameof(TurnStatus.Pending))),
            cancellationToken);
        request.Answer(new AcceptedTurn(id, checked((int)sequence), TurnStatus.Pending, Duplicate: false));
    }

    /// <summary>The turn already accepted for this request id in this dialogue, as a duplicate, or null.</summary>
    private async Task<AcceptedTurn?> FindRequestAsync(string dialogueId, string requestId, CancellationToken cancellationToken)
    {
        await using var found = await Command(FindRequestSql, ("$dialogue", dialogueId), ("$request", requestId))
            .ExecuteReaderAsync(cancellationToken);
        return await found.ReadAsync(cancellationToken)
            ? new AcceptedTurn(found.GetInt64(0), found.GetInt32(1), Enum.Parse<TurnStatus>(found.GetString(2)), Duplicate: true)
            : null;
    }

    private async Task CompleteAsync(CompleteRequest request, CancellationToken cancellationToken)
    {
        var outcome = request.Outcome;
        var now = _time.GetUtcNow();
        var dialogueId = await ScalarAsync<string>(
            Command(
                CompleteTurnSql,
                ("$turn", request.TurnId),
                ("$status", outcome.Status.ToString()),
                ("$action", StoredOutcome.Action(outcome)),
                ("$location", outcome.Location is { } location ? RunnerLocations.ToText(location) : null),
                ("$views", JournalJson.Ints(outcome.Views)),
                ("$probabilities", JournalJson.Floats(outcome.Probabilities)),
                ("$masked", JournalJson.Masked(outcome.Masked)),
                ("$latency", StoredOutcome.LatencyMs(outcome)),
                ("$usage", outcome.UsageUsd),
                ("$energy", outcome.EnergyJ),
                ("$response", outcome.Text),
                ("$policy", outcome.PolicyVersion),
                ("$error", outcome.Error),
                ("$at", now.UtcTicks)),
            cancellationToken);
        if (dialogueId is null)
        {
            // Not pending: either completed already (nothing to do) or not there at all, which only this caller got wrong.
            if (!await ScalarAsync<bool>(Command(TurnExistsSql, ("$turn", request.TurnId)), cancellationToken))
            {
                request.Reject(new InvalidOperationException($"Turn {request.TurnId} is not in the journal."));
            }

            return;
        }

        if (outcome.LatencyS > 0 || outcome.UsageUsd > 0)
        {
            await Command(SpendDialogueSql, ("$dialogue", dialogueId), ("$latency", outcome.LatencyS), ("$usage", outcome.UsageUsd))
                .ExecuteNonQueryAsync(cancellationToken);
        }

        if (outcome.UsageUsd is > 0 and var usage)
        {
            var cloud = outcome.Location == RunnerLocation.Cloud;
            await Command(
                    BookSpendSql,
                    ("$day", (request.Outcome.SpendDay ?? DailySpendLedger.UtcDay(now)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                    ("$cloud", cloud ? usage : 0.0),
                    ("$local", cloud ? 0.0 : usage),
                    ("$at", now.UtcTicks))
                .ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task MarkPublishedAsync(MarkPublishedRequest request, CancellationToken cancellationToken) =>
        await Command(MarkPublishedSql, ("$turn", request.TurnId), ("$at", request.PublishedAt.UtcTicks))
            .ExecuteNonQueryAsync(cancellationToken);

    private async Task RateAsync(RateRequest request, CancellationToken cancellationToken)
    {
        var rated = await Command(RateTurnSql, ("$dialogue", request.DialogueId), ("$sequence", request.Sequence), ("$score", request.Score))
            .ExecuteNonQueryAsync(cancellationToken);
        if (rated == 0)
        {
            request.Reject(new InvalidOperationException(
                $"Turn {request.Sequence} of dialogue '{request.DialogueId}' is not an answered turn in the journal; only answers can be rated."));
        }
    }

    private async Task CloseIdleAsync(CloseIdleRequest request, CancellationToken cancellationToken) =>
        request.Answer(await Command(CloseIdleSql, ("$idleSince", request.IdleSince.UtcTicks), ("$at", request.ClosedAt.UtcTicks))
            .ExecuteNonQueryAsync(cancellationToken));

    private SqliteCommand Command(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        _connection.Command(sql, _transaction, parameters);

    /// <summary>The first column of the first row, or default when there is none or it is NULL.</summary>
    private static async Task<T?> ScalarAsync<T>(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0) ? reader.GetFieldValue<T>(0) : default;
    }
}
