using Tmo.Edge.Daemon.Learning;

namespace Tmo.Edge.Daemon.Tests.Learning;

/// <summary>The held-out split is a function of the dialogue id: the same dialogues are held out after a restart, whatever their order.</summary>
public sealed class DeviceEvidenceTests
{
    [Fact]
    public void A_dialogue_is_on_the_same_side_of_the_split_every_time_and_the_share_is_near_the_configured_one()
    {
        var ids = Enumerable.Range(0, 4000).Select(i => $"kitchen-{i}").ToArray();

        var first = ids.Select(id => DeviceEvidence.IsHeldOut(id, 0.25)).ToArray();
        var again = ids.Reverse().Select(id => DeviceEvidence.IsHeldOut(id, 0.25)).Reverse().ToArray();

        Assert.Equal(first, again);
        Assert.InRange(first.Count(h => h) / (double)ids.Length, 0.23, 0.27);
    }

    [Fact]
    public void A_larger_share_only_adds_dialogues_to_the_held_out_side()
    {
        var ids = Enumerable.Range(0, 500).Select(i => $"d{i}").ToArray();

        var quarter = ids.Where(id => DeviceEvidence.IsHeldOut(id, 0.25)).ToHashSet();
        var half = ids.Where(id => DeviceEvidence.IsHeldOut(id, 0.5)).ToHashSet();

        Assert.Subset(half, quarter);
    }
}
