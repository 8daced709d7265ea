using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tmo.Edge.Console.Budgets;
using Tmo.Edge.Console.Hosting;
using Tmo.Edge.Console.Live;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Settings;

namespace Tmo.Edge.Console.Tests;

public sealed class BudgetEditorTests
{
    private static readonly DaemonHealth Reported = new(
        DateTimeOffset.UnixEpoch, true, true, new RunnerHealth(true, null), new RunnerHealth(true, null), "v1",
        Budgets: new BudgetsInForce(30, 0.05, 5), Limits: new LimitsInForce(85, 0, 512));

    [Fact]
    public async Task Every_field_shows_the_value_in_force_and_where_it_comes_from()
    {
        await using var database = await ConsoleDatabase.CreateAsync();
        var settings = database.Services.GetRequiredService<SettingsStore>();
        await settings.SetAsync(SettingKeys.DailyCloudCapUsd, "7", "test", CancellationToken.None);
        var editor = NewEditor(database);

        var inForce = await editor.InForceAsync(Reported, CancellationToken.None);

        Assert.Equal(new BudgetValue(7, BudgetEditor.Saved), inForce[SettingKeys.DailyCloudCapUsd]);
        Assert.Equal(new BudgetValue(85, BudgetEditor.DaemonConfiguration), inForce[SettingKeys.ThermalLimitC]);
        Assert.Equal(new BudgetValue(30, BudgetEditor.DaemonConfiguration), inForce[SettingKeys.DialogueLatencyS]);
        var form = BudgetEditor.FormOf(inForce);
        Assert.Null(form.ThermalLimitC);
        Assert.Equal(7, form.DailyCloudCapUsd);
    }

    [Fact]
    public async Task Saving_one_change_writes_that_setting_only()
    {
        await using var database = await ConsoleDatabase.CreateAsync();
        var settings = database.Services.GetRequiredService<SettingsStore>();
        var editor = NewEditor(database);
        var inForce = await editor.InForceAsync(Reported, CancellationToken.None);
        var form = BudgetEditor.FormOf(inForce);
        form.DailyCloudCapUsd = 7;

        // The bus is not connected in this test: the setting is saved, and the failed announcement says so.
        await Assert.ThrowsAsync<InvalidOperationException>(() => editor.SaveAsync(form, inForce, "admin", CancellationToken.None));

        var stored = await settings.ListAsync(CancellationToken.None);
        Assert.Equal([SettingKeys.DailyCloudCapUsd], stored.Select(s => s.Key));
    }

    [Fact]
    public async Task Saving_the_values_in_force_changes_nothing()
    {
        await using var database = await ConsoleDatabase.CreateAsync();
        var editor = NewEditor(database);
        var inForce = await editor.InForceAsync(Reported, CancellationToken.None);

        var changes = await editor.SaveAsync(BudgetEditor.FormOf(inForce), inForce, "admin", CancellationToken.None);

        Assert.Empty(changes);
    }

    private static BudgetEditor NewEditor(ConsoleDatabase database)
    {
        var bus = new ConsoleBus(
            Options.Create(new MqttOptions()),
            Options.Create(new DaemonIdentityOptions { DeviceId = "dev1" }),
            Options.Create(new ConsoleOptions()),
            Options.Create(new StorageOptions { DataDirectory = database.DataDirectory }),
            new LiveState(),
            database.Time,
            NullLogger<ConsoleBus>.Instance);
        return new BudgetEditor(
            database.Services.GetRequiredService<SettingsStore>(), Options.Create(new BudgetOptions()), bus, NullLogger<BudgetEditor>.Instance);
    }
}
