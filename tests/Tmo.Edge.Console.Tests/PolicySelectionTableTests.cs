using MudBlazor.Services;
using Tmo.Edge.Console.Components.Live;

namespace Tmo.Edge.Console.Tests;

public sealed class PolicySelectionTableTests : IDisposable
{
    // The "selection" block as `tmo-edge policy train --algo auto` writes it into a checkpoint (camelCase JSON).
    private const string AutoCheckpoint = """
        {"format":"tmo-edge-policy","algorithm":"PPO","selection":{"validationShare":0.2,
         "budgets":[{"latencyS":30,"usageUsd":0.05},{"latencyS":10,"usageUsd":0.01}],
         "candidates":[{"method":"RC-PPO","seed":1,"validationRewards":[1.152,1.044],"violationShare":0,"refusedShare":0,"meanReward":1.098},
                       {"method":"PPO","seed":2000007,"validationRewards":[1.189,1.044],"violationShare":0,"refusedShare":0.01,"meanReward":1.116}],
         "shipped":{"method":"PPO","seed":2000007,"validationRewards":[1.189,1.044],"violationShare":0,"refusedShare":0.01,"meanReward":1.116}}}
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("tmo-selection-").FullName;

    [Fact]
    public async Task Every_candidate_is_listed_best_first_and_the_shipped_one_is_marked()
    {
        var checkpoint = Path.Combine(_directory, "policy.json");
        await File.WriteAllTextAsync(checkpoint, AutoCheckpoint);
        await using var ctx = NewContext();

        var cut = ctx.Render<PolicySelectionTable>(p => p.Add(c => c.Checkpoint, checkpoint));

        // The checkpoint is read asynchronously after the first render.
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=policy-selection] tbody tr")), TimeSpan.FromSeconds(10));
        var rows = cut.FindAll("[data-testid=policy-selection] tbody tr").Select(r => r.TextContent).ToArray();
        Assert.Equal(2, rows.Length);
        Assert.Contains("PPO (shipped)", rows[0], StringComparison.Ordinal);
        Assert.Contains("1.189", rows[0], StringComparison.Ordinal);
        Assert.DoesNotContain("(shipped)", rows[1], StringComparison.Ordinal);
        // One unit per quantity: the same seconds and USD as every other page.
        Assert.Contains("Reward at 10.0 s / 0.01 USD", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_single_method_checkpoint_says_no_candidates_were_compared()
    {
        var checkpoint = Path.Combine(_directory, "rc-a2c.json");
        await File.WriteAllTextAsync(checkpoint, """{"format":"tmo-edge-policy","algorithm":"A2C"}""");
        await using var ctx = NewContext();

        var cut = ctx.Render<PolicySelectionTable>(p => p.Add(c => c.Checkpoint, checkpoint));

        cut.WaitForAssertion(() => Assert.Contains("trained for one method", cut.Markup, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static BunitContext NewContext()
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        return ctx;
    }
}
