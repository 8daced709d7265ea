using System.Text;
using Microsoft.Extensions.Time.Testing;
using MQTTnet.Protocol;
using MQTTnet.Server;
using Tmo.Edge.Daemon.Doctor;
using Tmo.Edge.Daemon.Tests.Cli;
using Tmo.Edge.Daemon.Tests.Mqtt;
using Tmo.Edge.Daemon.Tests.Runners.Local;
using Tmo.Edge.Daemon.Tests.Telemetry;

namespace Tmo.Edge.Daemon.Tests.Doctor;

/// <summary>The doctor's other checks (device nodes, model, backend, broker, storage, clock) and its exit code.</summary>
public sealed class DoctorInstallationTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("tmo-doctor-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void A_valid_model_shows_its_header_and_a_damaged_one_fails_with_the_reason()
    {
        var settings = DoctorTelemetryTests.Settings("x86-bare");
        settings.LocalLlm.ModelPath = TinyModelFiles.Good;
        var good = new LocalModelChecks(settings, _scratch).Run()[0];
        settings.LocalLlm.ModelPath = TinyModelFiles.NotGguf;
        var bad = new LocalModelChecks(settings, _scratch).Run()[0];

        Assert.Equal(DoctorStatus.Ok, good.Status);
        Assert.Matches(@"tiny\.gguf: GGUF version 3, llama, \d+ tensors", good.Detail);
        Assert.Equal(DoctorStatus.Fail, bad.Status);
        Assert.Contains("not a GGUF model (magic", bad.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Gpu_layers_without_a_cuda_backend_fail_and_a_configured_library_that_does_not_load_says_why()
    {
        var settings = DoctorTelemetryTests.Settings("x86-bare");
        settings.LocalLlm.ModelPath = TinyModelFiles.Good;
        settings.LocalLlm.GpuLayers = 99;
        var missing = new LocalModelChecks(settings, _scratch).Run()[1];
        var notALibrary = Path.Combine(_scratch, "libllama.so");
        File.WriteAllText(notALibrary, "not an ELF file");
        settings.LocalLlm.NativeLibraryPath = notALibrary;
        var broken = new LocalModelChecks(settings, _scratch).Run()[1];

        Assert.Equal(DoctorStatus.Fail, missing.Status);
        Assert.Contains("this build has no CUDA backend", missing.Detail, StringComparison.Ordinal);
        Assert.Equal(DoctorStatus.Fail, broken.Status);
        Assert.StartsWith($"{notALibrary} (Tmo:LocalLlm:NativeLibraryPath) does not load: ", broken.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Gpu_nodes_that_open_pass_and_one_that_does_not_fails_when_the_model_needs_the_gpu()
    {
        var dev = Path.Combine(_scratch, "dev");
        Directory.CreateDirectory(Path.Combine(dev, "nvgpu", "igpu0"));
        File.WriteAllText(Path.Combine(dev, "nvmap"), "");
        // What a process without rights meets (root opens any file whatever its mode): a node it cannot open.
        Directory.CreateDirectory(Path.Combine(dev, "nvgpu", "igpu0", "ctrl"));
        var settings = DoctorTelemetryTests.Settings("x86-bare");
        settings.LocalLlm.ModelPath = TinyModelFiles.Good;
        settings.LocalLlm.GpuLayers = 99;

        var checks = new GpuDeviceNodes(settings, _scratch).Run();

        Assert.Equal([("gpu device /dev/nvmap", DoctorStatus.Ok), ("gpu device /dev/nvgpu/igpu0/ctrl", DoctorStatus.Fail)], checks.Select(c => (c.Name, c.Status)));
    }

    [Fact]
    public async Task The_broker_accepts_the_configured_login_and_a_wrong_password_or_no_broker_fails()
    {
        var port = FreePort.Next();
        var server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder().WithDefaultEndpoint().WithDefaultEndpointPort(port).Build());
        server.ValidatingConnectionAsync += args =>
        {
            args.ReasonCode = args.UserName == "device" && args.Password == "right" ? MqttConnectReasonCode.Success : MqttConnectReasonCode.BadUserNameOrPassword;
            return Task.CompletedTask;
        };
        await server.StartAsync();
        try
        {
            var right = await CheckAsync(port, "right");
            var wrong = await CheckAsync(port, "wrong");
            await server.StopAsync();
            var gone = await CheckAsync(port, "right");

            Assert.Equal(DoctorCheck.Ok("broker", $"127.0.0.1:{port} accepted the login as device"), right);
            Assert.Equal(DoctorStatus.Fail, wrong.Status);
            Assert.StartsWith($"127.0.0.1:{port} refused the login as device", wrong.Detail, StringComparison.Ordinal);
            Assert.Equal(DoctorStatus.Fail, gone.Status);
            Assert.Contains("cannot be reached", gone.Detail, StringComparison.Ordinal);
        }
        finally
        {
            server.Dispose();
        }
    }

    [Fact]
    public void Storage_is_writable_with_its_free_space_and_an_unwritable_data_directory_fails()
    {
        var settings = DoctorTelemetryTests.Settings("x86-bare");
        settings.Storage.DataDirectory = Path.Combine(_scratch, "data");
        var good = new StorageCheck(settings).Run();
        var file = Path.Combine(_scratch, "a-file");
        File.WriteAllText(file, "");
        settings.Storage.DataDirectory = Path.Combine(file, "data");
        var bad = new StorageCheck(settings).Run();

        Assert.Equal(["storage", "free space", "retrained checkpoints"], good.Select(c => c.Name));
        Assert.All(good, c => Assert.NotEqual(DoctorStatus.Fail, c.Status));
        Assert.Equal($"{Path.Combine(_scratch, "data")} will be created in writable {_scratch}", good[0].Detail);
        Assert.Equal(DoctorCheck.Fail("storage", $"{file} is a file, so {Path.Combine(file, "data")} cannot be created"), bad[0]);
    }

    [Fact]
    public void A_clock_before_the_build_fails_and_a_synchronised_one_passes()
    {
        var built = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        Directory.CreateDirectory(Path.Combine(_scratch, "run/systemd/timesync"));
        File.WriteAllText(Path.Combine(_scratch, "run/systemd/timesync/synchronized"), "");

        var reset = new ClockCheck(new FakeTimeProvider(new DateTimeOffset(1970, 1, 1, 0, 0, 12, TimeSpan.Zero)), built, _scratch).Run();
        var good = new ClockCheck(new FakeTimeProvider(built.AddDays(4)), built, _scratch).Run();

        Assert.Equal(DoctorStatus.Fail, reset.Status);
        Assert.StartsWith("1970-01-01 00:00:12Z is before this program was built (2026-12-01 00:00:00Z)", reset.Detail, StringComparison.Ordinal);
        Assert.Equal(DoctorCheck.Ok("clock", "2026-12-05 00:00:00Z, synchronised by systemd-timesyncd"), good);
    }

    [Fact]
    public async Task The_command_prints_a_line_per_check_and_exits_1_when_something_needed_fails()
    {
        var config = Path.Combine(_scratch, "doctor.json");
        File.WriteAllText(config, ConfigFor(FreePort.Next()));

        var (exitCode, output, error) = await CliRun.InvokeAsync("doctor", "--config", config, "--root", Fixtures.Root("agx-orin-jp6"));

        Assert.Equal(1, exitCode);
        Assert.Empty(error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("ok    telemetry source: jetson", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, line => line.StartsWith("FAIL  broker: 127.0.0.1:", StringComparison.Ordinal));
        Assert.Matches(@"^\d+ checks: 1 failed, \d+ warnings$", lines[^1]);
    }

    [Fact]
    public async Task A_root_that_does_not_exist_is_an_error_not_a_device_without_sensors()
    {
        var (exitCode, output, error) = await CliRun.InvokeAsync("doctor", "--root", Path.Combine(_scratch, "no-such-tree"));

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Contains("no-such-tree: no such directory", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_command_exits_0_when_nothing_needed_fails()
    {
        var port = FreePort.Next();
        var server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder().WithDefaultEndpoint().WithDefaultEndpointPort(port).Build());
        await server.StartAsync();
        try
        {
            var config = Path.Combine(_scratch, "doctor.json");
            File.WriteAllText(config, ConfigFor(port));

            var (exitCode, output, _) = await CliRun.InvokeAsync("doctor", "--config", config, "--root", Fixtures.Root("xavier-nx"));

            Assert.True(exitCode == 0, output);
            Assert.DoesNotContain("FAIL", output, StringComparison.Ordinal);
        }
        finally
        {
            await server.StopAsync();
            server.Dispose();
        }
    }

    /// <summary>An external broker on <paramref name="port"/> and a data directory in the scratch folder.</summary>
    private string ConfigFor(int port) => System.Text.Json.JsonSerializer.Serialize(new
    {
        Tmo = new { Mqtt = new { Host = "127.0.0.1", Port = port }, Storage = new { DataDirectory = Path.Combine(_scratch, "data") } },
    });

    private async Task<DoctorCheck> CheckAsync(int port, string password)
    {
        var passwordFile = Path.Combine(_scratch, $"password-{password}");
        await File.WriteAllTextAsync(passwordFile, password + "\n", Encoding.UTF8);
        var settings = DoctorTelemetryTests.Settings("x86-bare");
        settings.Mqtt.Host = "127.0.0.1";
        settings.Mqtt.Port = port;
        settings.Mqtt.Username = "device";
        settings.Mqtt.PasswordFile = passwordFile;
        return await new BrokerCheck(settings, TimeSpan.FromSeconds(5)).RunAsync(CancellationToken.None);
    }
}
