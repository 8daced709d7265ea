using System.ComponentModel.DataAnnotations;

namespace Tmo.Edge.Console.Hosting;

/// <summary>"Tmo:Console": where the admin console listens, where it keeps its keys, and its login rules.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Tmo:Console";

    /// <summary>Loopback by default: the console administers the device and is not meant to face a network unprotected.</summary>
    [Required(AllowEmptyStrings = false)]
    [Url(ErrorMessage = "Tmo:Console:Url must be an absolute http(s) URL such as http://127.0.0.1:5080.")]
    public string Url { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Holds the data-protection keys (cookies survive a restart); empty means the storage data directory.</summary>
    public string? StateDirectory { get; set; }

    /// <summary>The account created, with a generated password, on first start.</summary>
    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$", ErrorMessage = "Tmo:Console:AdminUser must be 1 to 64 letters, digits, '_', '.' or '-'.")]
    public string AdminUser { get; set; } = "admin";

    [Range(1, 100)]
    public int MaxFailedLogins { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Lockout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The MQTT client id of the console's live view (a clean session: it needs only what happens now).</summary>
    [Required(AllowEmptyStrings = false)]
    public string MqttClientId { get; set; } = "tmo-edge-console";
}
