namespace Tmo.Edge.TestSupport.Mqtt;

/// <summary>A user of the secured broker, with a recognisable password kept in a file as a systemd credential would be.</summary>
public sealed record BrokerAccount(string User, string Password, string PasswordFile);
