using System.Diagnostics;
using System.Text;
using Tmo.Edge.Daemon.Mqtt.Access;

namespace Tmo.Edge.Daemon.Tests.Security;

/// <summary>The accounts file is Mosquitto's password_file: each side reads what the other wrote.</summary>
public sealed class MqttPasswordFileTests
{
    [Fact]
    public async Task A_line_written_by_mosquitto_passwd_verifies_its_password_and_no_other()
    {
        var file = Path.Join(Directory.CreateTempSubdirectory("tmo-passwd-").FullName, "passwd");
        await RunAsync("mosquitto_passwd", "-c", "-b", file, "garden", "s3cret");

        var accounts = await MqttPasswordFile.LoadAsync(file, CancellationToken.None);

        Assert.True(accounts.Verify("garden", "s3cret"u8));
        Assert.False(accounts.Verify("garden", "s3cret!"u8));
        Assert.False(accounts.Verify("nobody", "s3cret"u8));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task A_file_it_writes_is_accepted_by_mosquitto_as_its_password_file_and_kept_private()
    {
        var directory = Directory.CreateTempSubdirectory("tmo-passwd-").FullName;
        var file = Path.Join(directory, "passwd");
        await MqttPasswordFile.Empty.With("garden", "s3cret").SaveAsync(file, CancellationToken.None);
        await using var broker = await Mosquitto.StartNewAsync(new() { Persistent = true, ExtraConfiguration = $"""
            allow_anonymous false
            password_file {file}
            """ });

        var accepted = await RunAsync("mosquitto_pub", "-p", $"{broker.Port}", "-u", "garden", "-P", "s3cret", "-i", "g1", "-t", "t", "-m", "x");
        var refused = await RunAsync("mosquitto_pub", "-p", $"{broker.Port}", "-u", "garden", "-P", "wrong", "-i", "g2", "-t", "t", "-m", "x");

        Assert.True(accepted.ExitCode == 0, accepted.Output);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Theory]
    [InlineData("garden")]
    [InlineData("garden:plain-text")]
    [InlineData("a/b:$7$101$AAAAAAAAAAAAAAAA$AAAA")]
    public void A_malformed_line_is_refused_with_its_line_number(string line)
    {
        var refused = Assert.Throws<InvalidDataException>(() => MqttPasswordFile.Parse(["# comment", line], "accounts"));

        Assert.Contains("accounts line 2", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_that_would_break_a_topic_level_or_an_acl_pattern_are_refused()
    {
        foreach (var name in new[] { "", "a/b", "a+b", "a#", "a:b", "-lead", new string('a', 65) })
        {
            Assert.Throws<ArgumentException>(() => MqttPasswordFile.Empty.With(name, "p"));
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        output.Append(await process.StandardOutput.ReadToEndAsync()).Append(await process.StandardError.ReadToEndAsync());
        await process.WaitForExitAsync();
        return (process.ExitCode, output.ToString());
    }
}
