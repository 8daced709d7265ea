namespace Tmo.Edge.Daemon.Doctor;

/// <summary>How a check came out: Fail only for what this installation needs to do its work.</summary>
public enum DoctorStatus
{
    Ok,
    Warn,
    Fail,
}

/// <summary>One line of `tmo-edge doctor`: what was checked and what was found, or why it failed.</summary>
public sealed record DoctorCheck(DoctorStatus Status, string Name, string Detail)
{
    public static DoctorCheck Ok(string name, string detail) => new(DoctorStatus.Ok, name, detail);

    public static DoctorCheck Warn(string name, string detail) => new(DoctorStatus.Warn, name, detail);

    public static DoctorCheck Fail(string name, string detail) => new(DoctorStatus.Fail, name, detail);

    /// <summary>Fail where the reading is <paramref name="needed"/>, else a warning.</summary>
    public static DoctorCheck Missing(bool needed, string name, string detail) => new(needed ? DoctorStatus.Fail : DoctorStatus.Warn, name, detail);

    public override string ToString() => $"{Status switch { DoctorStatus.Ok => "ok", DoctorStatus.Warn => "warn", _ => "FAIL" },-5} {Name}: {Detail}";
}
