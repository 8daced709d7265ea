namespace Tmo.Edge.Daemon.Doctor;

/// <summary>
/// The GPU device nodes CUDA opens, opened read-write as the user running the doctor (run it as the service user):
/// on a Jetson /dev/nvmap, /dev/nvhost-ctrl and the GPU's control node (/dev/nvhost-ctrl-gpu on JetPack 4/5,
/// /dev/nvgpu/igpu0/ctrl on JetPack 6); on a dGPU host /dev/nvidiactl, /dev/nvidia0..N and /dev/nvidia-uvm. The unit's
/// DeviceAllow= list is a second gate the doctor cannot see from outside the service.
/// </summary>
public sealed class GpuDeviceNodes(DoctorSettings settings, string deviceRoot = "/")
{
    private static readonly string[] Jetson = ["dev/nvmap", "dev/nvhost-ctrl", "dev/nvhost-ctrl-gpu", "dev/nvgpu/igpu0/ctrl"];
    private static readonly string[] Discrete = ["dev/nvidiactl", "dev/nvidia-uvm"];

    public IReadOnlyList<DoctorCheck> Run()
    {
        var nodes = Jetson.Concat(Discrete).Concat(NumberedGpus())
            .Select(node => Path.Join(deviceRoot, node))
            .Where(Path.Exists)
            .ToList();
        var needed = settings.NeedsGpu;
        if (nodes.Count == 0)
        {
            return [DoctorCheck.Missing(
                needed, "gpu devices", needed
                    ? $"none found (/dev/nvmap, /dev/nvgpu, /dev/nvidia*), but Tmo:LocalLlm:GpuLayers is {settings.LocalLlm.GpuLayers}"
                    : "none found (/dev/nvmap, /dev/nvgpu, /dev/nvidia*); the local model runs on the CPU")];
        }

        return nodes.Select(node => Open(node, needed)).ToList();
    }

    private IEnumerable<string> NumberedGpus()
    {
        var dev = Path.Join(deviceRoot, "dev");
        return Directory.Exists(dev)
            ? Directory.EnumerateFileSystemEntries(dev, "nvidia*").Select(Path.GetFileName).Where(name => name is ['n', 'v', 'i', 'd', 'i', 'a', .. var n] && n.Length > 0 && n.All(char.IsAsciiDigit)).Select(name => $"dev/{name}")
            : [];
    }

    private DoctorCheck Open(string node, bool needed)
    {
        var shown = "/" + Path.GetRelativePath(deviceRoot, node);
        try
        {
            using var handle = File.OpenHandle(node, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            return DoctorCheck.Ok($"gpu device {shown}", $"opens read-write as {Environment.UserName}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return DoctorCheck.Missing(
                needed,
                $"gpu device {shown}",
                $"{Environment.UserName} cannot open it read-write ({ex.Message}); the postinst adds tmo-edge to the video and render groups where they exist");
        }
    }
}
