using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Daemon.Ingress;
using Tmo.Edge.Daemon.Metrics;
using Tmo.Edge.Daemon.Mqtt;
using Tmo.Edge.Daemon.Tests.Runners;
using Tmo.Edge.Daemon.Tests.Settings;
using Tmo.Edge.Data;
using Tmo.Edge.Data.DeadLetters;
using Tmo.Edge.Data.Journal;

namespace Tmo.Edge.Daemon.Tests.Ingress;

/// <summary>
/// What the daemon does with a message whose processing fails: answered and acknowledged when the message is at
/// fault, left for redelivery when storage is, dead-lettered (on a real SQLite file) when storage keeps failing on
/// it, and still left unacknowledged when the dead letter cannot be written either.
/// </summary>
public sealed class GuardedIngressTests : IAsyncLifetime
{
    private readonly RecordingPublisher _errors = new();
    private SettingsDatabase _database = null!;

    public async Task InitializeAsync() => _database = await SettingsDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_message_the_journal_refuses_as_an_argument_is_answered_on_error_and_acknowledged()
    {
        var ingress = Guard(new FailingSink(_ => Task.FromException<InboundDisposition>(new ArgumentException("RequestId must not be empty"))));

        Assert.Equal(InboundDisposition.Rejected, await RecordAsync(ingress, Prompt("r-empty")));

        var error = Assert.Single(Errors());
        Assert.Equal(InboundTopic.Of("dev1", "in/prompt"), error.Topic);
        Assert.Contains("(ArgumentException)", error.Reason, StringComparison.Ordinal);
        // The exception's own words stay in the log: they may quote the message or name files.
        Assert.DoesNotContain("RequestId", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_thrown_before_the_message_has_a_receipt_is_answered_too()
    {
        var ingress = Guard(new FailingSink(_ => throw new InvalidOperationException("a bug that throws on one input")));

        Assert.Equal(InboundDisposition.Rejected, await RecordAsync(ingress, Prompt("bug")));
        Assert.Contains("(InvalidOperationException)", Assert.Single(Errors()).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_storage_fault_stays_unacknowledged_until_the_same_message_failed_three_times_then_it_is_dead_lettered()
    {
        var ingress = Guard(new FailingSink(_ => Task.FromException<InboundDisposition>(new SqliteException("disk I/O error", 10))));
        var message = Prompt("stuck");

        await Assert.ThrowsAsync<SqliteException>(() => RecordAsync(ingress, message));
        await Assert.ThrowsAsync<SqliteException>(() => RecordAsync(ingress, message));
        Assert.Empty(Errors());
        Assert.Equal(InboundDisposition.Rejected, await RecordAsync(ingress, message));

        await using var db = await _database.Get<IDbContextFactory<TmoEdgeDbContext>>().CreateDbContextAsync();
        var letter = Assert.Single(await db.DeadLetters.ToListAsync());
        Assert.Equal((message.Topic, 3, message.Payload.Length), (letter.Topic, letter.Attempts, letter.PayloadBytes));
        Assert.Equal(message.Payload.ToArray(), letter.Payload);
        Assert.Equal(RepeatedFailures.Fingerprint(message), letter.Fingerprint);
        Assert.Contains("disk I/O error", letter.Reason, StringComparison.Ordinal);
        Assert.True(letter.FirstFailedAt <= letter.LastFailedAt);
        Assert.StartsWith("dead-lettered after 3 failed deliveries", Assert.Single(Errors()).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task While_the_journal_is_failing_a_storage_fault_is_never_dead_lettered_so_valid_prompts_wait_at_the_broker()
    {
        // A journal whose only batch failed: as on a full disk, where a small dead-letter row might still fit.
        var file = Path.GetTempFileName();
        try
        {
            await using var broken = BrokenStorage(Path.Combine(file, "data"));
            var failingJournal = broken.GetRequiredService<TurnJournal>();
            await Assert.ThrowsAnyAsync<Exception>(() => failingJournal.CloseIdleDialoguesAsync(DateTimeOffset.UnixEpoch, CancellationToken.None));
            Assert.False(failingJournal.Health.IsHealthy);
            var ingress = Guard(new FailingSink(_ => Task.FromException<InboundDisposition>(new SqliteException("database or disk is full", 13))), journalHealth: failingJournal.Health);

            for (var delivery = 1; delivery <= 5; delivery++)
            {
                await Assert.ThrowsAsync<SqliteException>(() => RecordAsync(ingress, Prompt("full")));
            }

            Assert.Empty(Errors());
            await using var db = await _database.Get<IDbContextFactory<TmoEdgeDbContext>>().CreateDbContextAsync();
            Assert.Empty(await db.DeadLetters.ToListAsync());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_message_that_succeeds_in_between_starts_its_count_over()
    {
        var failing = true;
        var ingress = Guard(new FailingSink(_ => failing ? Task.FromException<InboundDisposition>(new IOException("disk full")) : Task.FromResult(InboundDisposition.Accepted)));
        var message = Prompt("flaky");

        await Assert.ThrowsAsync<IOException>(() => RecordAsync(ingress, message));
        await Assert.ThrowsAsync<IOException>(() => RecordAsync(ingress, message));
        failing = false;
        Assert.Equal(InboundDisposition.Accepted, await RecordAsync(ingress, message));
        failing = true;
        await Assert.ThrowsAsync<IOException>(() => RecordAsync(ingress, message));
        await Assert.ThrowsAsync<IOException>(() => RecordAsync(ingress, message));

        Assert.Empty(Errors());
    }

    [Fact]
    public async Task When_the_dead_letter_cannot_be_written_either_the_message_stays_unacknowledged()
    {
        // A data directory below a plain file: SQLite cannot open it, as with a disk that is gone.
        var file = Path.GetTempFileName();
        try
        {
            await using var broken = BrokenStorage(Path.Combine(file, "data"));
            var ingress = Guard(
                new FailingSink(_ => Task.FromException<InboundDisposition>(new SqliteException("disk I/O error", 10))),
                broken.GetRequiredService<DeadLetterStore>());

            for (var delivery = 1; delivery <= 5; delivery++)
            {
                await Assert.ThrowsAsync<SqliteException>(() => RecordAsync(ingress, Prompt("nowhere")));
            }

            Assert.Empty(Errors());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_cancellation_at_shutdown_is_neither_answered_nor_counted()
    {
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();
        var ingress = Guard(new FailingSink(token => Task.FromCanceled<InboundDisposition>(token)));

        for (var delivery = 1; delivery <= 4; delivery++)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RecordAsync(ingress, Prompt("late"), stopping.Token));
        }

        Assert.Empty(Errors());
    }

    [Theory]
    [InlineData(typeof(SqliteException), true)]
    [InlineData(typeof(DbUpdateException), true)]
    [InlineData(typeof(IOException), true)]
    [InlineData(typeof(UnauthorizedAccessException), true)]
    [InlineData(typeof(OperationCanceledException), true)]
    [InlineData(typeof(ObjectDisposedException), true)]
    [InlineData(typeof(ChannelClosedException), true)]
    [InlineData(typeof(ArgumentException), false)]
    [InlineData(typeof(ArgumentOutOfRangeException), false)]
    [InlineData(typeof(InvalidOperationException), false)]
    [InlineData(typeof(FormatException), false)]
    [InlineData(typeof(NullReferenceException), false)]
    [InlineData(typeof(JsonException), false)]
    public void Storage_and_shutdown_faults_are_told_from_faults_of_the_message(Type type, bool storageOrShutdown)
    {
        var exception = type == typeof(SqliteException) ? new SqliteException("disk full", 13)
            : type == typeof(ObjectDisposedException) ? new ObjectDisposedException("journal")
            : (Exception)Activator.CreateInstance(type)!;

        Assert.Equal(storageOrShutdown, IngressFaults.IsStorageOrShutdown(exception));
        Assert.Equal(storageOrShutdown, IngressFaults.IsStorageOrShutdown(new InvalidOperationException("wrapped", exception)));
    }

    private static InboundMessage Prompt(string requestId) =>
        new(InboundTopic.Of("dev1", "in/prompt"), Encoding.UTF8.GetBytes($$"""{"dialogueId":"d","text":"x","requestId":"{{requestId}}"}"""), DateTimeOffset.UnixEpoch);

    private static async Task<InboundDisposition> RecordAsync(GuardedIngress ingress, InboundMessage message, CancellationToken cancellationToken = default) =>
        await (await ingress.AcceptAsync(message, cancellationToken)).Recorded;

    private static ServiceProvider BrokenStorage(string dataDirectory) =>
        new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { [$"{StorageOptions.Section}:DataDirectory"] = dataDirectory })
                .Build())
            .AddLogging()
            .AddTmoEdgeData()
            .BuildServiceProvider();

    private GuardedIngress Guard(IInboundMessageSink router, DeadLetterStore? deadLetters = null, JournalHealth? journalHealth = null) =>
        new(
            router,
            new InboundRejections(_errors, new TopicLayout("tmo/guard"), new DaemonMetrics(new MqttTrafficCounters(), _database.Get<TurnJournal>()), NullLogger<InboundRejections>.Instance),
            deadLetters ?? _database.Get<DeadLetterStore>(),
            journalHealth ?? _database.Get<TurnJournal>().Health,
            Options.Create(new LimitOptions { DeadLetterAfterFailures = 3 }),
            TimeProvider.System,
            NullLogger<GuardedIngress>.Instance);

    private IReadOnlyList<ErrorMessage> Errors() =>
        [.. _errors.Published.Where(p => p.Topic == TopicLayout.Error).Select(p => JsonSerializer.Deserialize(p.Payload, ContractJsonContext.Default.ErrorMessage)!)];

    /// <summary>A router whose every message ends as <paramref name="recorded"/> says (or throws before a receipt).</summary>
    private sealed class FailingSink(Func<CancellationToken, Task<InboundDisposition>> recorded) : IInboundMessageSink
    {
        public ValueTask<InboundReceipt> AcceptAsync(InboundMessage message, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new InboundReceipt(recorded(cancellationToken)));
    }
}
