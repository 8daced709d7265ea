using System.ComponentModel.DataAnnotations;

namespace Tmo.Edge.Daemon.Runners;

/// <summary>
/// "Tmo:CloudLlm": an OpenAI-compatible chat-completions endpoint. The API key is read from a file (a systemd
/// credential: a bare file name is looked up in $CREDENTIALS_DIRECTORY) or an environment variable, and is never logged,
/// stored or shown. With no BaseUrl or no key the cloud actions are answered by the replay runner.
/// </summary>
public sealed class CloudLlmOptions
{
    public const string Section = "Tmo:CloudLlm";

    /// <summary>E.g. https://api.openai.com/v1; empty keeps the replay runner.</summary>
    public string? BaseUrl { get; set; }

    [Required(AllowEmptyStrings = false, ErrorMessage = "Tmo:CloudLlm:Model is required (the model name the endpoint serves).")]
    public string Model { get; set; } = "gpt-4o-mini";

    /// <summary>File with the API key; a bare name is looked up in $CREDENTIALS_DIRECTORY (systemd LoadCredential=).</summary>
    public string? ApiKeyFile { get; set; }

    /// <summary>Environment variable with the API key, used when there is no key file.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ApiKeyEnvironmentVariable { get; set; } = "TMO_CLOUD_API_KEY";

    /// <summary>One attempt's timeout; a call never runs past the shield's latency ceiling either.</summary>
    [Range(0.1, 600)]
    public double TimeoutSeconds { get; set; } = 20;

    /// <summary>Retries of a transient failure (5xx, 408, 429, connection errors), with exponential backoff.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    [Range(0.01, 60)]
    public double RetryDelaySeconds { get; set; } = 0.5;

    /// <summary>The circuit opens when this share of the calls in the sampling window failed...</summary>
    [Range(0.01, 1)]
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>...and the window held at least this many calls.</summary>
    [Range(2, 10_000)]
    public int CircuitMinimumThroughput { get; set; } = 5;

    /// <summary>The sampling window; at least twice <see cref="TimeoutSeconds"/> (Polly's rule).</summary>
    [Range(0.5, 3600)]
    public double CircuitSamplingSeconds { get; set; } = 60;

    /// <summary>How long an open circuit masks the cloud before a probe call may try again.</summary>
    [Range(0.5, 3600)]
    public double CircuitBreakSeconds { get; set; } = 30;

    /// <summary>The most tokens one answer may have; the usage ceiling may cap it lower.</summary>
    [Range(1, 65_536)]
    public int MaxOutputTokens { get; set; } = 512;

    /// <summary>Price table: USD per million input tokens.</summary>
    [Range(0d, 10_000d)]
    public double InputUsdPerMillionTokens { get; set; } = 0.15;

    /// <summary>Price table: USD per million output tokens.</summary>
    [Range(0d, 10_000d)]
    public double OutputUsdPerMillionTokens { get; set; } = 0.60;

    /// <summary>Price table: USD per uploaded image on top of its tokens (0 where images are billed as input tokens).</summary>
    [Range(0d, 100d)]
    public double UsdPerImage { get; set; }

    /// <summary>The most input tokens one image may count as (provider's image tokenisation), for the cost ceiling.</summary>
    [Range(0, 100_000)]
    public int MaxTokensPerImage { get; set; } = 1_500;

    public string SystemPrompt { get; set; } = "You are a helpful assistant for a home robot. Use the camera views when they help. Answer briefly.";

    /// <summary>System prompt per task name.</summary>
    public Dictionary<string, string> TaskSystemPrompts { get; set; } = [];

    public bool Enabled => !string.IsNullOrWhiteSpace(BaseUrl);

    public string SystemPromptFor(string task) => TaskSystemPrompts.TryGetValue(task, out var prompt) ? prompt : SystemPrompt;

    /// <summary>The key file's full path: a bare name is a systemd credential in $CREDENTIALS_DIRECTORY.</summary>
    public string? ResolvedApiKeyFile =>
        string.IsNullOrWhiteSpace(ApiKeyFile) ? null
        : !Path.IsPathRooted(ApiKeyFile) && Environment.GetEnvironmentVariable("CREDENTIALS_DIRECTORY") is { Length: > 0 } credentials
            ? Path.Combine(credentials, ApiKeyFile)
            : Path.GetFullPath(ApiKeyFile);
}
