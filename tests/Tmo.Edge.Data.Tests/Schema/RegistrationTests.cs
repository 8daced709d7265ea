using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tmo.Edge.Data.Retention;

namespace Tmo.Edge.Data.Tests.Schema;

public sealed class RegistrationTests
{
    [Fact]
    public void A_missing_data_directory_stops_the_service_at_start_naming_the_key()
    {
        using var services = Services(new Dictionary<string, string?>());

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("DataDirectory", error.Message);
    }

    [Fact]
    public void Retention_settings_out_of_range_are_rejected()
    {
        using var services = Services(new Dictionary<string, string?>
        {
            ["Tmo:Storage:DataDirectory"] = "/tmp/x",
            ["Tmo:Storage:RetentionDays"] = "0",
            ["Tmo:Storage:RetentionSweepInterval"] = "00:00:01",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("RetentionDays", error.Message);
        Assert.Contains("RetentionSweepInterval", error.Message);
    }

    [Fact]
    public void The_retention_sweep_is_a_hosted_service_only_when_asked_for()
    {
        var settings = new Dictionary<string, string?> { ["Tmo:Storage:DataDirectory"] = "/tmp/x" };
        using var console = Services(settings);
        using var daemon = Services(settings, s => s.AddTmoEdgeRetention());

        Assert.Empty(console.GetServices<IHostedService>());
        Assert.IsType<RetentionService>(Assert.Single(daemon.GetServices<IHostedService>()));
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddLogging()
            .AddTmoEdgeData();
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
