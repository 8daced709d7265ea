using System.Runtime.InteropServices;
using Tmo.Edge.Daemon.Runners.Local;

namespace Tmo.Edge.Daemon.Doctor;

/// <summary>
/// The local model file (readable, a GGUF header llama.cpp will accept) and, where the model is offloaded to a GPU,
/// a CUDA backend that loads: the configured NativeLibraryPath (a device-built libllama on a Jetson), else the CUDA 12
/// backend a `-p:LlamaBackend=Cuda12` build ships beside the binary. Loading it here resolves its CUDA dependencies the
/// way the model host would.
/// </summary>
public sealed class LocalModelChecks(DoctorSettings settings, string applicationDirectory)
{
    public IReadOnlyList<DoctorCheck> Run() => [Model(), Backend()];

    private DoctorCheck Model()
    {
        var path = settings.LocalLlm.ModelPath;
        if (string.IsNullOrWhiteSpace(path))
        {
            return DoctorCheck.Ok("model file", "none configured (Tmo:LocalLlm:ModelPath); the replay runner answers local turns");
        }

        try
        {
            var header = GgufHeader.Read(path);
            var size = new FileInfo(path).Length / (1024.0 * 1024 * 1024);
            return DoctorCheck.Ok("model file", $"{path}: GGUF version {header.Version}, {header.Architecture}, {header.TensorCount} tensors, {size:0.00} GiB");
        }
        catch (GgufFormatException ex)
        {
            return DoctorCheck.Fail("model file", ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return DoctorCheck.Fail("model file", $"{path} cannot be read as {Environment.UserName}: {ex.Message}");
        }
    }

    private DoctorCheck Backend()
    {
        if (settings.LocalLlm.NativeLibraryPath is { Length: > 0 } configured)
        {
            return Load(configured, "Tmo:LocalLlm:NativeLibraryPath");
        }

        if (!settings.NeedsGpu)
        {
            return DoctorCheck.Ok("cuda backend", settings.LocalLlm.Enabled ? "not needed (GpuLayers 0: the CPU backend runs the model)" : "not needed (no local model)");
        }

        var packaged = Directory.Exists(Path.Join(applicationDirectory, "runtimes"))
            ? Directory.EnumerateFiles(Path.Join(applicationDirectory, "runtimes"), "libllama.so", SearchOption.AllDirectories)
                .FirstOrDefault(file => file.Contains($"{Path.DirectorySeparatorChar}cuda", StringComparison.Ordinal))
            : null;
        return packaged is null
            ? DoctorCheck.Fail(
                "cuda backend",
                $"Tmo:LocalLlm:GpuLayers is {settings.LocalLlm.GpuLayers} but this build has no CUDA backend: build with -p:LlamaBackend=Cuda12, or on a Jetson set Tmo:LocalLlm:NativeLibraryPath to a libllama built there")
            : Load(packaged, "the packaged CUDA 12 backend");
    }

    private static DoctorCheck Load(string library, string what)
    {
        try
        {
            var handle = NativeLibrary.Load(library);
            NativeLibrary.Free(handle);
            return DoctorCheck.Ok("cuda backend", $"{library} ({what}) loads");
        }
        catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
        {
            return DoctorCheck.Fail("cuda backend", $"{library} ({what}) does not load: {ex.Message}");
        }
    }
}
