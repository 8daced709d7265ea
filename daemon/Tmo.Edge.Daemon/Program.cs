using Tmo.Edge.Daemon.Cli;

return await TmoEdgeCommand.Create(TimeProvider.System).Parse(args).InvokeAsync();
