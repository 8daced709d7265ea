using Tmo.Edge.TestSupport.Mqtt;

namespace Tmo.Edge.Daemon.Tests.Reliability.Storage;

/// <summary>How the storage suites' device sends its prompts: one dialogue each, in order, each until acknowledged.</summary>
internal static class StoragePrompts
{
    /// <summary>
    /// Adds <paramref name="count"/> dialogues named after <paramref name="prefix"/> to <paramref name="sent"/> at once,
    /// then sends one prompt into each, each until acknowledged, as a device does: the daemon acknowledges a prompt once
    /// it is recorded, and while the store refuses it, it waits at the device.
    /// </summary>
    public static async Task SendAsync(DeviceClient device, List<string> sent, string prefix, int count, string text)
    {
        var dialogues = Enumerable.Range(0, count).Select(i => $"{prefix}-{i}").ToList();
        sent.AddRange(dialogues);
        foreach (var dialogue in dialogues)
        {
            await device.PromptUntilAcknowledgedAsync(dialogue, text, "Query", $"{dialogue}#1", TimeSpan.FromSeconds(60));
        }
    }
}
