namespace Tmo.Edge.Daemon.Policies;

/// <summary>
/// One training at a time on the device: a `cmd/policy` retraining and a round of learning on the device each take
/// the slot and give it back; whichever finds it taken does not start.
/// </summary>
public sealed class TrainingSlot
{
    private int _taken;

    public bool IsTaken => Volatile.Read(ref _taken) == 1;

    public bool TryTake() => Interlocked.Exchange(ref _taken, 1) == 0;

    public void Release() => Volatile.Write(ref _taken, 0);
}
