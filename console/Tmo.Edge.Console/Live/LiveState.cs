using Tmo.Edge.Core.Contracts;

namespace Tmo.Edge.Console.Live;

/// <summary>
/// What the console knows from the bus right now: the daemon's availability, the last minutes of telemetry, its
/// health, recent rejections and the actions decided since the console started. Written by <see cref="ConsoleBus"/>,
/// read by the pages (which poll it about once a second rather than re-render on every message).
/// </summary>
public sealed class LiveState
{
    /// <summary>Two minutes of 1 Hz telemetry for the dashboard's charts.</summary>
    public const int TelemetryHistory = 120;

    public const int ErrorHistory = 50;

    private readonly Lock _lock = new();
    private readonly Queue<TelemetrySnapshot> _telemetry = new();
    private readonly Queue<BusError> _errors = new();
    private long _decisionsSeen;

    public DeviceStatus Status { get; private set; }

    /// <summary>Whether the console itself is connected to the broker.</summary>
    public bool BrokerConnected { get; private set; }

    public DaemonHealth? Health { get; private set; }

    public DateTimeOffset? HealthReceivedAt { get; private set; }

    public RetrainProgress? Retrain { get; private set; }

    /// <summary>Decisions seen on `out/decision` since the console started.</summary>
    public long DecisionsSeen => Interlocked.Read(ref _decisionsSeen);

    public LiveDecision? LastDecision { get; private set; }

    public TelemetrySnapshot? LatestTelemetry
    {
        get
        {
            lock (_lock)
            {
                return _telemetry.Count == 0 ? null : _telemetry.Last();
            }
        }
    }

    public IReadOnlyList<TelemetrySnapshot> Telemetry()
    {
        lock (_lock)
        {
            return [.. _telemetry];
        }
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<BusError> Errors()
    {
        lock (_lock)
        {
            return [.. _errors.Reverse()];
        }
    }

    internal void SetBrokerConnected(bool connected)
    {
        BrokerConnected = connected;
        if (!connected)
        {
            Status = DeviceStatus.Unknown;
        }
    }

    internal void SetStatus(DeviceStatus status) => Status = status;

    internal void SetHealth(DaemonHealth health, DateTimeOffset receivedAt)
    {
        Health = health;
        HealthReceivedAt = receivedAt;
    }

    internal void SetRetrain(RetrainProgress? progress) => Retrain = progress;

    internal void AddTelemetry(TelemetrySnapshot snapshot)
    {
        lock (_lock)
        {
            _telemetry.Enqueue(snapshot);
            while (_telemetry.Count > TelemetryHistory)
            {
                _telemetry.Dequeue();
            }
        }
    }

    internal void AddError(BusError error)
    {
        lock (_lock)
        {
            _errors.Enqueue(error);
            while (_errors.Count > ErrorHistory)
            {
                _errors.Dequeue();
            }
        }
    }

    internal void AddDecision(LiveDecision decision)
    {
        LastDecision = decision;
        Interlocked.Increment(ref _decisionsSeen);
    }
}
