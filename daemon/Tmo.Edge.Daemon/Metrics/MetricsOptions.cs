using System.ComponentModel.DataAnnotations;

namespace Tmo.Edge.Daemon.Metrics;

/// <summary>"Tmo:Metrics": Prometheus text metrics on a local HTTP port.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Tmo:Metrics";

    public bool Enabled { get; set; } = true;

    [Required(AllowEmptyStrings = false)]
    public string Address { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 9464;
}
