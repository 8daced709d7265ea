using System.Diagnostics;
using System.Text;

namespace Tmo.Edge.Daemon.Runners.Local;

/// <summary>
/// The model host's side of the pipe (`tmo-edge llm-host`): loads the model, says Ready, then answers requests one at
/// a time until the daemon closes stdin. A load failure is reported and ends the host; a failed request is reported
/// and the host takes the next. A native abort ends the process, which the daemon sees as the pipe closing.
/// </summary>
public static class LlmHostServer
{
    public static async Task<int> RunAsync(LlamaModelSettings settings, Stream input, Stream output, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        var json = LlmHostJsonContext.Default;
        LlamaGenerator generator;
        try
        {
            generator = LlamaGenerator.Load(settings, log);
        }
        catch (Exception ex) when (ex is GgufFormatException or IOException or UnauthorizedAccessException or LLama.Exceptions.RuntimeError)
        {
            await FramedPipe.WriteAsync<HostReply>(output, new HostFailed(0, ex.Message), json.HostReply, cancellationToken);
            return 2;
        }

        using (generator)
        {
            await FramedPipe.WriteAsync<HostReply>(output, new HostReady(generator.ModelName, generator.ContextSize, generator.Architecture), json.HostReply, cancellationToken);
            while (await FramedPipe.ReadAsync(input, json.GenerateRequest, cancellationToken) is { } request)
            {
                await FramedPipe.WriteAsync(output, await AnswerAsync(generator, request, output, cancellationToken), json.HostReply, cancellationToken);
            }
        }

        return 0;
    }

    private static async Task<HostReply> AnswerAsync(LlamaGenerator generator, GenerateRequest request, Stream output, CancellationToken cancellationToken)
    {
        // Chunks are written from the generation loop, in order; the final reply waits for the last one. Chunking keeps
        // a fast model from flooding the pipe (and the daemon's reader) with one frame per token.
        var pending = Task.CompletedTask;
        var chunk = new StringBuilder();
        var tokens = 0;
        var lastSent = Stopwatch.GetTimestamp();
        var interval = TimeSpan.FromSeconds(request.StreamIntervalSeconds ?? 0);
        Action<string>? onPiece = request.StreamIntervalSeconds is null ? null : piece =>
        {
            chunk.Append(piece);
            tokens++;
            if (Stopwatch.GetElapsedTime(lastSent) < interval)
            {
                return;
            }

            lastSent = Stopwatch.GetTimestamp();
            var message = new HostToken(request.Id, chunk.ToString(), tokens);
            chunk.Clear();
            pending = pending.ContinueWith(
                _ => FramedPipe.WriteAsync<HostReply>(output, message, LlmHostJsonContext.Default.HostReply, cancellationToken),
                cancellationToken,
                TaskContinuationOptions.None,
                TaskScheduler.Default).Unwrap();
        };
        try
        {
            var outcome = await generator.GenerateAsync(
                request.SystemPrompt, request.Prompt, request.MaxTokens, TimeSpan.FromSeconds(request.DeadlineSeconds), onPiece, cancellationToken);
            await pending;
            return new HostDone(
                request.Id,
                outcome.Text,
                outcome.TokensIn,
                outcome.TokensOut,
                outcome.TimeToFirstToken.TotalSeconds,
                outcome.TokensPerSecond,
                outcome.Stop,
                outcome.Elapsed.TotalSeconds);
        }
        catch (Exception ex) when (ex is InvalidOperationException or LLama.Exceptions.RuntimeError)
        {
            await pending;
            return new HostFailed(request.Id, ex.Message);
        }
    }
}
