using Tmo.Edge.Console;
using Tmo.Edge.Console.Hosting;
using Tmo.Edge.Console.Security;

if (args is [SetPasswordCommand.Name, .. var rest])
{
    return await SetPasswordCommand.RunAsync(
        rest, ConsoleConfigurationDirectory.ForCommand(), PasswordPrompt.ForConsole(), System.Console.Out, System.Console.Error);
}

// Configuration as the daemon reads it: appsettings.json beside the binary, then $CONFIGURATION_DIRECTORY's (systemd),
// then environment variables and arguments.
var builder = ConsoleHostingExtensions.CreateBuilder(args, ConsoleConfigurationDirectory.ForService());
// Under systemd (Type=notify): ready once Kestrel listens, journald-formatted logs; a no-op elsewhere.
builder.Services.AddSystemd();
builder.AddTmoEdgeConsole();
var app = builder.Build();
app.UseTmoEdgeConsole();
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the browser tests.</summary>
public partial class Program;
