using Tmo.Edge.Daemon.Learning;
using Tmo.Edge.Policy.Adaptation;
using Tmo.Edge.Policy.Evaluation;

namespace Tmo.Edge.Daemon.Tests.Learning;

/// <summary>A bad learning setting stops the daemon at start with a message that names the key.</summary>
public sealed class LearningOptionsTests
{
    private static string[] Failures(LearningOptions options) => new LearningOptionsValidator().Validate(null, options).Failures?.ToArray() ?? [];

    [Fact]
    public void The_defaults_are_valid_and_are_the_drift_benchmarks()
    {
        var options = new LearningOptions();
        var benchmark = new ContinualLearningOptions();

        Assert.Empty(Failures(options));
        Assert.True(options.Enabled);
        var learner = options.ForLearner(EvaluationBudgets.Tight, maxDialogueTurns: 7);
        Assert.Equal(benchmark with { Budgets = EvaluationBudgets.Tight, MaxDialogueTurns = 7 }, learner with { Candidates = benchmark.Candidates });
        Assert.Equal(benchmark.Rule, learner.Rule);
    }

    [Theory]
    [InlineData(nameof(LearningOptions.HeldOutShare), 0.05, true)]
    [InlineData(nameof(LearningOptions.HeldOutShare), 0.95, true)]
    [InlineData(nameof(LearningOptions.HeldOutShare), 0.049, false)]
    [InlineData(nameof(LearningOptions.HeldOutShare), 0.951, false)]
    [InlineData(nameof(LearningOptions.RetrainAfterRatedTurns), 1, true)]
    [InlineData(nameof(LearningOptions.RetrainAfterRatedTurns), 0, false)]
    [InlineData(nameof(LearningOptions.Steps), 100, true)]
    [InlineData(nameof(LearningOptions.Steps), 99, false)]
    [InlineData(nameof(LearningOptions.MinDeviceGain), 0, true)]
    [InlineData(nameof(LearningOptions.MinDeviceGain), -0.01, false)]
    [InlineData(nameof(LearningOptions.DatasetMargin), -0.01, false)]
    [InlineData(nameof(LearningOptions.MinHeldOutDialogues), 0, false)]
    [InlineData(nameof(LearningOptions.DeviceWeight), -1, false)]
    [InlineData(nameof(LearningOptions.CoolMarginC), 100, true)]
    [InlineData(nameof(LearningOptions.CoolMarginC), -1, false)]
    [InlineData(nameof(LearningOptions.MaxGpuLoadPercent), 100.5, false)]
    [InlineData(nameof(LearningOptions.IdleSeconds), -1, false)]
    [InlineData(nameof(LearningOptions.CheckIntervalSeconds), 0, false)]
    [InlineData(nameof(LearningOptions.CheckIntervalSeconds), 1, true)]
    public void Each_setting_is_checked_at_its_boundaries_and_a_refusal_names_its_key(string key, double value, bool valid)
    {
        var options = new LearningOptions();
        var property = typeof(LearningOptions).GetProperty(key)!;
        property.SetValue(options, property.PropertyType == typeof(int) ? (object)(int)value : value);

        var failures = Failures(options);

        if (valid)
        {
            Assert.Empty(failures);
        }
        else
        {
            Assert.Contains(failures, f => f.Contains($"Tmo:Learning:{key}", StringComparison.Ordinal));
        }
    }
}
