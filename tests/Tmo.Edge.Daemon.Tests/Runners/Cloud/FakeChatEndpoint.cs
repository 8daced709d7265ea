using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Tmo.Edge.Daemon.Tests.Mqtt;

namespace Tmo.Edge.Daemon.Tests.Runners.Cloud;

/// <summary>
/// An OpenAI-compatible chat-completions endpoint on loopback (a real HTTP server: HttpListener), playing whatever the
/// test scripts: an answer with given token counts, an HTTP error, or a slow answer. Records every request it got.
/// </summary>
internal sealed class FakeChatEndpoint : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _serving;

    public FakeChatEndpoint()
    {
        var port = FreePort.Next();
        BaseUrl = $"http://127.0.0.1:{port}/v1";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    /// <summary>What the next requests get; the test may change it between calls.</summary>
    public Reply Next { get; set; } = Reply.Answer("The dishes are in the sink.", 120, 8);

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        try
        {
            await _serving;
        }
        catch (HttpListenerException)
        {
            // Stopping the listener ends the pending GetContextAsync with an error: that is the shutdown.
        }

        _listener.Close();
        _stopping.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = JsonNode.Parse(await reader.ReadToEndAsync())!;
        _requests.Enqueue(new RecordedRequest(context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"], body));
        var reply = Next;
        try
        {
            await Task.Delay(reply.Delay, _stopping.Token);
            context.Response.StatusCode = reply.Status;
            context.Response.ContentType = "application/json";
            var json = reply.Body ?? (reply.Status == 200
                ? new JsonObject
                {
                    ["id"] = "chatcmpl-test",
                    ["object"] = "chat.completion",
                    ["created"] = 1764300000,
                    ["model"] = (string?)body["model"],
                    ["choices"] = new JsonArray(new JsonObject
                    {
                        ["index"] = 0,
                        ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply.Text },
                        ["finish_reason"] = "stop",
                    }),
                    ["usage"] = new JsonObject
                    {
                        ["prompt_tokens"] = reply.PromptTokens,
                        ["completion_tokens"] = reply.CompletionTokens,
                        ["total_tokens"] = reply.PromptTokens + reply.CompletionTokens,
                    },
                }.ToJsonString()
                : """{"error":{"message":"upstream overloaded","type":"server_error"}}""");
            var bytes = Encoding.UTF8.GetBytes(json);
            await context.Response.OutputStream.WriteAsync(bytes, _stopping.Token);
            context.Response.Close();
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpListenerException or ObjectDisposedException)
        {
            // The client gave up (timeout) or the test is over.
        }
    }

    /// <param name="Body">Sent as it is instead of the answer or error JSON (a broken reply).</param>
    public sealed record Reply(int Status, string Text, int PromptTokens, int CompletionTokens, TimeSpan Delay, string? Body = null)
    {
        public static Reply Answer(string text, int promptTokens, int completionTokens) => new(200, text, promptTokens, completionTokens, TimeSpan.Zero);

        public static Reply Error(int status) => new(status, string.Empty, 0, 0, TimeSpan.Zero);

        public static Reply Slow(TimeSpan delay) => new(200, "too late", 10, 2, delay);

        /// <summary>A 200 whose body breaks off in the middle of the JSON, as from a proxy that dropped the connection.</summary>
        public static Reply Malformed() => new(200, string.Empty, 0, 0, TimeSpan.Zero, """{"id":"chatcmpl-test","object":"chat.completion","choices":[{"index":0,"message":{"role":"assis""");
    }

    public sealed record RecordedRequest(string Path, string? Authorization, JsonNode Body)
    {
        public IReadOnlyList<string> ImageUrls =>
            [.. Body["messages"]!.AsArray()
                .SelectMany(m => m!["content"] is JsonArray parts ? parts : [])
                .Where(p => (string?)p!["type"] == "image_url")
                .Select(p => (string)p!["image_url"]!["url"]!)];
    }
}
