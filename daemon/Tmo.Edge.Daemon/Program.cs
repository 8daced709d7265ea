using System.CommandLine;
using Tmo.Edge.Daemon.Cli;

// The generic host handles SIGTERM/SIGINT for `run` (systemd stops it that way); System.CommandLine's own handler
// would race it at shutdown, so it is off.
return await TmoEdgeCommand.Create(TimeProvider.System)
    .Parse(args)
    .InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
