using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Tmo.Edge.Console.BrowserTests.Security;

/// <summary>The real console with the given settings, every log entry also going to a recorder.</summary>
internal sealed class RecordedConsoleFactory(IReadOnlyDictionary<string, string> settings, ILoggerProvider logs) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(logs));
    }
}
