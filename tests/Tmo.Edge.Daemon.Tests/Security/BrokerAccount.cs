namespace Tmo.Edge.Daemon.Tests.Security;

/// <summary>A user of the secured broker, with a recognisable password kept in a file as a systemd credential would be.</summary>
internal sealed record BrokerAccount(string User, string Password, string PasswordFile);
