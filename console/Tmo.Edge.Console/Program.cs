using Tmo.Edge.Console;
using Tmo.Edge.Console.Security;

if (args is [SetPasswordCommand.Name, .. var rest])
{
    return await SetPasswordCommand.RunAsync(rest, System.Console.In, System.Console.Out, System.Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddTmoEdgeConsole();
var app = builder.Build();
app.UseTmoEdgeConsole();
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the browser tests.</summary>
public partial class Program;
