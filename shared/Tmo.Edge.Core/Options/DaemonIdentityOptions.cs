using System.ComponentModel.DataAnnotations;
using Tmo.Edge.Core.Messaging;

namespace Tmo.Edge.Core.Options;

/// <summary>"Tmo": who this daemon is on the bus. Its topic tree is `tmo/{DeviceId}/...` unless TopicPrefix says otherwise.</summary>
public sealed class DaemonIdentityOptions
{
    public const string Section = "Tmo";

    [Required(AllowEmptyStrings = false, ErrorMessage = "Tmo:DeviceId is required: the name of this device on the bus.")]
    [RegularExpression("^[A-Za-z0-9_-]{1,64}$", ErrorMessage = "Tmo:DeviceId must be 1 to 64 letters, digits, '_' or '-'.")]
    public string DeviceId { get; set; } = "";

    /// <summary>Replaces the default `tmo/{DeviceId}` prefix; null or empty keeps the default.</summary>
    public string? TopicPrefix { get; set; }

    public TopicLayout Topics => new(string.IsNullOrWhiteSpace(TopicPrefix) ? $"tmo/{DeviceId}" : TopicPrefix);
}
