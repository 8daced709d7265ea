using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Tmo.Edge.Daemon.Runners.Local;

/// <summary>
/// One running `tmo-edge llm-host` child and the daemon's end of its pipe. Not thread-safe: one request at a time
/// (the runner serialises them). Its stderr is logged and its last lines kept, so a native abort is reported with
/// llama.cpp's own words (e.g. the failed GGML_ASSERT).
/// </summary>
public sealed partial class LlmHostProcess : IAsyncDisposable
{
    private const int StderrLines = 20;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly ILogger _logger;
    private int _nextId;

    private LlmHostProcess(Process process, ILogger logger)
    {
        _process = process;
        _logger = logger;
        process.ErrorDataReceived += (sender, e) =>
        {
            if (string.IsNullOrWhiteSpace(e.Data))
            {
                return;
            }

            LogHostOutput(_logger, e.Data);
            _stderr.Enqueue(e.Data);
            while (_stderr.Count > StderrLines && _stderr.TryDequeue(out _))
            {
            }
        };
        process.BeginErrorReadLine();
        Exited = WatchExitAsync();
    }

    /// <summary>The loaded model, as the host reported it.</summary>
    public HostReady Model { get; private set; } = null!;

    public int ProcessId => _process.Id;

    /// <summary>Completes when the process has ended, with why (exit code or signal, and its last error line).</summary>
    public Task<string> Exited { get; }

    /// <summary>Starts the host and waits until it has loaded the model.</summary>
    /// <exception cref="LlmHostException">The model did not load (bad file, native abort, timeout).</exception>
    public static async Task<LlmHostProcess> StartAsync(
        LlmHostLaunch launch, LlamaModelSettings settings, TimeSpan loadTimeout, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var process = Process.Start(launch.StartInfo(settings)) ?? throw new LlmHostException($"could not start {launch.FileName}");
        var host = new LlmHostProcess(process, logger);
        try
        {
            var first = await host.ReadAsync(loadTimeout, cancellationToken);
            switch (first)
            {
                case HostReady ready:
                    host.Model = ready;
                    return host;
                case HostFailed failed:
                    throw new LlmHostException(failed.Reason);
                case null:
                    throw new LlmHostException(await host.Exited);
                default:
                    throw new LlmHostException($"the model host sent {first.GetType().Name} before it was ready");
            }
        }
        catch (TimeoutException)
        {
            await host.DisposeAsync();
            throw new LlmHostException($"the model did not load within {loadTimeout.TotalSeconds:0} s");
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends one request and waits for its answer; a host that does not answer within the hard limit is killed.</summary>
    /// <param name="onChunk">With <paramref name="chunkInterval"/>: text generated since the last chunk, and the tokens so far.</param>
    /// <exception cref="LlmHostException">The request failed, or the host died or hung (and is gone).</exception>
    public async Task<HostDone> GenerateAsync(
        string systemPrompt,
        string prompt,
        int maxTokens,
        TimeSpan deadline,
        Action<string, int>? onChunk,
        TimeSpan chunkInterval,
        TimeSpan hardLimit,
        CancellationToken cancellationToken)
    {
        var id = ++_nextId;
        var clock = Stopwatch.StartNew();
        try
        {
            var request = new GenerateRequest(id, systemPrompt, prompt, maxTokens, deadline.TotalSeconds, onChunk is null ? null : chunkInterval.TotalSeconds);
            await FramedPipe.WriteAsync(_process.StandardInput.BaseStream, request, LlmHostJsonContext.Default.GenerateRequest, cancellationToken);
            while (true)
            {
                switch (await ReadAsync(hardLimit - clock.Elapsed, cancellationToken))
                {
                    case HostToken token when token.Id == id:
                        onChunk?.Invoke(token.Text, token.Tokens);
                        break;
                    case HostDone done when done.Id == id:
                        return done;
                    case HostFailed failed when failed.Id == id:
                        throw new LlmHostException(failed.Reason);
                    case null:
                        throw new LlmHostException(await Exited);
                    case var other:
                        throw new LlmHostException($"the model host answered out of turn ({other.GetType().Name})");
                }
            }
        }
        catch (TimeoutException)
        {
            Kill();
            throw new LlmHostException($"the model host gave no answer within {hardLimit.TotalSeconds:0.#} s and was killed");
        }
        catch (IOException ex)
        {
            // The pipe broke: the host is dying; its exit says why.
            Kill();
            throw new LlmHostException(await Exited, ex);
        }
        catch (OperationCanceledException)
        {
            // Shutdown in the middle of a request: the pipe is mid-message, so the host cannot be reused.
            Kill();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Closing stdin ends the host's request loop: it frees the model and exits.
            _process.StandardInput.Close();
            await Exited.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is TimeoutException or IOException)
        {
            Kill();
            await Exited;
        }

        _process.Dispose();
    }

    private async Task<HostReply?> ReadAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        if (limit <= TimeSpan.Zero)
        {
            throw new TimeoutException();
        }

        try
        {
            return await FramedPipe.ReadAsync(_process.StandardOutput.BaseStream, LlmHostJsonContext.Default.HostReply, cancellationToken)
                .WaitAsync(limit, cancellationToken);
        }
        catch (InvalidDataException)
        {
            // A frame cut short by the process dying: report the death, not the broken frame.
            if (await Task.WhenAny(Exited, Task.Delay(TimeSpan.FromSeconds(1), cancellationToken)) == Exited)
            {
                return null;
            }

            throw;
        }
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private async Task<string> WatchExitAsync()
    {
        await _process.WaitForExitAsync();
        var code = _process.ExitCode;
        var signal = OperatingSystem.IsWindows() || code <= 128 ? null : (code - 128) switch
        {
            6 => "SIGABRT",
            9 => "SIGKILL",
            11 => "SIGSEGV",
            8 => "SIGFPE",
            7 => "SIGBUS",
            var other => $"signal {other}",
        };
        var lines = _stderr.ToArray();
        var last = lines.LastOrDefault(l => l.Contains("GGML_ASSERT", StringComparison.Ordinal) || l.Contains("error", StringComparison.OrdinalIgnoreCase))
            ?? lines.LastOrDefault();
        var how = signal is null ? $"exit code {code}" : $"{signal} (exit code {code})";
        return last is null ? $"the model host ended with {how}" : $"the model host ended with {how}: {Trim(last)}";
    }

    private static string Trim(string line)
    {
        // Native messages carry the build machine's source path; the file name and line are what matter.
        var assert = line.IndexOf("GGML_ASSERT", StringComparison.Ordinal);
        var text = assert > 0 ? line[assert..] : line;
        return text.Length > 300 ? text[..300] : text;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "llm-host: {Line}")]
    private static partial void LogHostOutput(ILogger logger, string line);
}
