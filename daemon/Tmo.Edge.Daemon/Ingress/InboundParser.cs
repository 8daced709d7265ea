using System.Text.Json;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Daemon.Ingress;

/// <summary>
/// Turns a raw inbound message into a typed one or a rejection with a reason a device developer can act on
/// ("invalid JSON at byte 27", "camera frame of 3 MiB exceeds 2 MiB"). Pure: no I/O, no state. Voice audio without a
/// transcript is accepted only where the daemon has a speech recogniser (<paramref name="transcribesAudio"/>). Device
/// messages come on an account's branch (`{prefix}/users/{account}/in/...`, which the broker ACL lets only that account
/// publish to), so the account named in the topic is the sender.
/// <para>
/// Every rule the journal and the decision loop enforce (<c>NewTurn.Validate</c>, the records' maximum lengths) is
/// checked here first: a message they would refuse must be rejected with a reason and acknowledged, never thrown on
/// further down where it would look like a storage fault and be redelivered forever. Anything of the message's own
/// echoed in a reason goes through <see cref="UntrustedText.Excerpt(string?, int)"/>.
/// </para>
/// </summary>
public sealed class InboundParser(TopicLayout topics, LimitOptions limits, int modalityCount, bool transcribesAudio = false)
{
    private readonly JsonSerializerOptions _json = new(ContractJsonContext.Default.Options) { MaxDepth = limits.MaxJsonDepth };

    /// <summary>`cmd/*` payloads are a few small fields; anything larger is not a command.</summary>
    public const int MaxCommandBytes = 1024;

    /// <summary>
    /// `in/feedback` is a dialogue id, a turn and a score: room for the longest id written entirely in \u escapes.
    /// </summary>
    public const int MaxFeedbackBytes = 1024;

    // The journal's columns bound these whatever the configuration says (Tmo:Limits:MaxDialogueIdLength may be larger).
    private readonly int _maxDialogueIdLength = Math.Min(limits.MaxDialogueIdLength, DialogueRecord.IdMaxLength);

    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public InboundMessageKind Parse(InboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (topics.TrySplitAccount(message.Topic, out var account, out var deviceTopic))
        {
            // A refusal goes where the sender can read it, as long as the topic names a real account.
            var parsed = ParseFromAccount(account, deviceTopic, message);
            return parsed is Rejection rejection && MqttAccountName.IsValid(account) ? rejection with { Account = account } : parsed;
        }

        var relative = topics.Relative(message.Topic);
        return relative switch
        {
            null => Reject($"topic outside {topics.Prefix}/"),
            TopicLayout.Reload => message.Payload.Length > MaxCommandBytes ? CommandTooLarge("reload", message.Payload.Length) : new ReloadRequest(),
            TopicLayout.Budget => ParseBudget(message.Payload.Span),
            TopicLayout.Policy => ParsePolicy(message.Payload.Span),
            _ when relative.StartsWith(TopicLayout.InboundPrefix, StringComparison.Ordinal) =>
                Reject($"devices publish in their account's branch: {topics.AccountRoot("{account}")}/{UntrustedText.Excerpt(relative)}"),
            _ => Reject($"unknown topic '{UntrustedText.Excerpt(relative)}'"),
        };
    }

    private InboundMessageKind ParseFromAccount(string account, string relative, InboundMessage message)
    {
        if (!MqttAccountName.IsValid(account))
        {
            return Reject($"account '{UntrustedText.Excerpt(account)}' in the topic is not a valid account name ({MqttAccountName.Rule})");
        }

        return relative switch
        {
            TopicLayout.Prompt => ReplyFor(account, message) is { } reply ? ParsePrompt(reply, message.Payload.Span) : RejectReply(message),
            TopicLayout.Voice => ReplyFor(account, message) is { } reply ? ParseVoice(reply, message.Payload.Span) : RejectReply(message),
            TopicLayout.Feedback => ParseFeedback(account, message.Payload.Span),
            _ when relative.StartsWith(TopicLayout.CameraPrefix, StringComparison.Ordinal) =>
                ParseFrame(account, relative[TopicLayout.CameraPrefix.Length..], message),
            _ when relative.StartsWith(TopicLayout.SensorPrefix, StringComparison.Ordinal) =>
                ParseSensor(account, relative[TopicLayout.SensorPrefix.Length..], message.Payload.Span),
            _ => Reject($"unknown topic '{UntrustedText.Excerpt(relative, 64)}' in the account's branch"),
        };
    }

    /// <summary>
    /// The request's own Response Topic when it carries one in the account's branch (never under `in/`, which would
    /// feed answers back in as requests), else the account's `out/response`; null when the Response Topic is not allowed.
    /// </summary>
    private ReplyRoute? ReplyFor(string account, InboundMessage message)
    {
        if (message.CorrelationData.Length > ReplyRoute.MaxCorrelationDataBytes)
        {
            return null;
        }

        if (string.IsNullOrEmpty(message.ResponseTopic))
        {
            return ReplyRoute.Default(topics, account) with { CorrelationData = message.CorrelationData.ToArray() };
        }

        var allowed = message.ResponseTopic.Length <= ReplyRoute.MaxResponseTopicLength
            && message.ResponseTopic.AsSpan().IndexOfAny("+#\0") < 0
            && topics.TrySplitAccount(message.ResponseTopic, out var owner, out var relative)
            && owner == account
            && !relative.StartsWith(TopicLayout.InboundPrefix, StringComparison.Ordinal);
        return allowed ? new ReplyRoute(account, message.ResponseTopic, message.CorrelationData.ToArray()) : null;
    }

    private Rejection RejectReply(InboundMessage message) =>
        message.CorrelationData.Length > ReplyRoute.MaxCorrelationDataBytes
            ? Reject($"correlation data of {message.CorrelationData.Length} bytes exceeds {ReplyRoute.MaxCorrelationDataBytes}")
            : Reject($"response topic must be at most {ReplyRoute.MaxResponseTopicLength} characters in the sender's own branch " +
                "({prefix}/users/{account}/...), not under its in/, and without wildcards".Replace("{prefix}", topics.Prefix, StringComparison.Ordinal));

    private InboundMessageKind ParsePrompt(ReplyRoute reply, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > limits.MaxPromptBytes + 1024)
        {
            return Reject($"prompt message of {payload.Length} bytes exceeds {limits.MaxPromptBytes + 1024}");
        }

        if (!TryDeserialize(payload, out PromptMessage? prompt, out var error))
        {
            return Reject(error);
        }

        return (ValidateTurn(prompt.DialogueId, prompt.Text, prompt.RequestId, "text") ?? ValidateTask(prompt.Task)) is { } invalid
            ? Reject(invalid)
            : new PromptRequest(reply, prompt.DialogueId, prompt.Text, prompt.Task, prompt.RequestId);
    }

    private InboundMessageKind ParseVoice(ReplyRoute reply, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > limits.MaxVoiceBytes)
        {
            return Reject($"voice message of {payload.Length} bytes exceeds {limits.MaxVoiceBytes}");
        }

        if (!TryDeserialize(payload, out VoiceMessage? voice, out var error))
        {
            return Reject(error);
        }

        if (string.IsNullOrWhiteSpace(voice.Transcript))
        {
            return voice.Audio is null
                ? Reject("voice message needs 'transcript' or 'audio'")
                : ParseAudio(reply, voice);
        }

        return ValidateTurn(voice.DialogueId, voice.Transcript, voice.RequestId, "transcript") is { } invalid
            ? Reject(invalid)
            : new PromptRequest(reply, voice.DialogueId, voice.Transcript, null, voice.RequestId);
    }

    private InboundMessageKind ParseAudio(ReplyRoute reply, VoiceMessage voice)
    {
        if (!transcribesAudio)
        {
            return Reject("audio without a transcript: no speech recogniser is configured on this device (Tmo:Voice:WhisperModelPath)");
        }

        if (ValidateIdentity(voice.DialogueId, voice.RequestId) is { } invalid)
        {
            return Reject(invalid);
        }

        var wav = new byte[voice.Audio!.Length * 3 / 4];
        if (!Convert.TryFromBase64String(voice.Audio, wav, out var length))
        {
            return Reject("'audio' is not valid base64");
        }

        return length < 12 || !wav.AsSpan(0, 4).SequenceEqual("RIFF"u8) || !wav.AsSpan(8, 4).SequenceEqual("WAVE"u8)
            ? Reject("'audio' is not a WAV file (RIFF/WAVE)")
            : new AudioRequest(reply, voice.DialogueId, wav.AsMemory(0, length), voice.RequestId);
    }

    private InboundMessageKind ParseFeedback(string account, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > MaxFeedbackBytes)
        {
            return Reject($"feedback message of {payload.Length} bytes exceeds {MaxFeedbackBytes}");
        }

        if (!TryDeserialize(payload, out FeedbackMessage? feedback, out var error))
        {
            return Reject(error);
        }

        if (ValidateIdentity(feedback.DialogueId, requestId: null) is { } invalid)
        {
            return Reject(invalid);
        }

        if (feedback.Turn is not > 0)
        {
            return Reject("'turn' must be the positive number of an answered turn of the dialogue (1 for its first)");
        }

        return FeedbackScore(feedback.Score) is { } score
            ? new FeedbackRequest(account, feedback.DialogueId, feedback.Turn.Value, score)
            : Reject($"'score' must be \"{FeedbackMessage.Up}\" (1), \"{FeedbackMessage.Down}\" (0) or a number, {InputLimits.FeedbackScore}" +
                ScoreGiven(feedback.Score));
    }

    /// <summary>The score in [0, 1], or null when the field is missing, of another type or out of range.</summary>
    private static double? FeedbackScore(JsonElement? score) => score switch
    {
        { ValueKind: JsonValueKind.String } text when text.ValueEquals(FeedbackMessage.Up) => InputLimits.MaxFeedbackScore,
        { ValueKind: JsonValueKind.String } text when text.ValueEquals(FeedbackMessage.Down) => InputLimits.MinFeedbackScore,

        // A JSON number cannot be NaN, but one beyond double's range (1e999) reads as infinite or not at all.
        { ValueKind: JsonValueKind.Number } number when number.TryGetDouble(out var value)
            && double.IsFinite(value) && InputLimits.FeedbackScore.Admits(value) => value,
        _ => null,
    };

    /// <summary>What was sent instead of a valid score, for the rejection; safe to echo.</summary>
    private static string ScoreGiven(JsonElement? score) => score switch
    {
        null or { ValueKind: JsonValueKind.Null } => "; it is missing",
        { ValueKind: JsonValueKind.String } text => $"; got '{UntrustedText.Excerpt(text.GetString(), 32)}'",
        { ValueKind: JsonValueKind.Number } number => $"; got {UntrustedText.Excerpt(number.GetRawText(), 32)}",
        { ValueKind: var kind } => $"; got a JSON {kind.ToString().ToLowerInvariant()}",
    };

    private InboundMessageKind ParseBudget(ReadOnlySpan<byte> payload)
    {
        if (payload.Length > MaxCommandBytes)
        {
            return CommandTooLarge("budget", payload.Length);
        }

        if (!TryDeserialize(payload, out BudgetCommand? command, out var error))
        {
            return Reject(error);
        }

        if (OutOfRange((command.LatencyS, InputLimits.LatencyS), (command.UsageUsd, InputLimits.UsageUsd), (command.DailyCapUsd, InputLimits.DailyCapUsd)) is { } budgets)
        {
            return Reject($"budgets out of range: {budgets}");
        }

        if (OutOfRange((command.ThermalLimitC, InputLimits.ThermalLimitC), (command.PowerCapW, InputLimits.PowerCapW), (command.MemoryMarginMB, InputLimits.MemoryMarginMB)) is { } limits)
        {
            return Reject($"device limits out of range: {limits}");
        }

        return command is { LatencyS: null, UsageUsd: null, DailyCapUsd: null, ThermalLimitC: null, PowerCapW: null, MemoryMarginMB: null }
            ? Reject("budget command sets nothing: give latencyS, usageUsd, dailyCapUsd, thermalLimitC, powerCapW or memoryMarginMB")
            : new BudgetRequest(command);
    }

    /// <summary>The ranges the given values break, or null when every one is admitted.</summary>
    private static string? OutOfRange(params ReadOnlySpan<(double? Value, InputRange Range)> inputs)
    {
        List<string>? broken = null;
        foreach (var (value, range) in inputs)
        {
            if (!range.Admits(value))
            {
                (broken ??= []).Add(range.ToString());
            }
        }

        return broken is null ? null : string.Join(", ", broken);
    }

    private InboundMessageKind ParsePolicy(ReadOnlySpan<byte> payload)
    {
        if (payload.Length > MaxCommandBytes)
        {
            return CommandTooLarge("policy", payload.Length);
        }

        if (!TryDeserialize(payload, out PolicyCommand? command, out var error))
        {
            return Reject(error);
        }

        return command.Action switch
        {
            PolicyCommand.Activate when string.IsNullOrWhiteSpace(command.Version) || command.Version.Length > 128 =>
                Reject("policy 'activate' needs a 'version' of 1 to 128 characters"),
            PolicyCommand.Activate or PolicyCommand.Retrain or PolicyCommand.Discard => new PolicyRequest(command),
            _ => Reject($"unknown policy action '{UntrustedText.Excerpt(command.Action, 32)}'; known: {PolicyCommand.Activate}, {PolicyCommand.Retrain}, {PolicyCommand.Discard}"),
        };
    }

    private InboundMessageKind ParseFrame(string account, string view, InboundMessage message)
    {
        if (!int.TryParse(view, out var index) || index < 0 || index >= modalityCount || view != index.ToString())
        {
            return Reject($"camera view '{UntrustedText.Excerpt(view, 32)}' is not one of 0..{modalityCount - 1}");
        }

        var image = message.Payload;
        if (image.Length > limits.MaxFrameBytes)
        {
            return Reject($"camera frame of {image.Length} bytes exceeds {limits.MaxFrameBytes}");
        }

        var span = image.Span;
        var mediaType = span.StartsWith(JpegMagic) ? "image/jpeg" : span.StartsWith(PngMagic) ? "image/png" : null;
        return mediaType is null
            ? Reject("camera frame is neither JPEG nor PNG")
            : new FrameUpdate(account, new Core.Runners.CameraFrame(index, image.ToArray(), mediaType, message.ReceivedAt));
    }

    private InboundMessageKind ParseSensor(string account, string name, ReadOnlySpan<byte> payload)
    {
        if (name.Length is 0 or > 64 || name.Contains('/', StringComparison.Ordinal))
        {
            return Reject("sensor name must be 1 to 64 characters without '/'");
        }

        if (payload.Length > limits.MaxSensorBytes)
        {
            return Reject($"sensor reading of {payload.Length} bytes exceeds {limits.MaxSensorBytes}");
        }

        // JsonDocument checks a string's UTF-8 only when it is read; the reading is kept as text, so check it all first.
        if (!System.Text.Unicode.Utf8.IsValid(payload))
        {
            return Reject("sensor reading is not valid UTF-8");
        }

        try
        {
            using var document = JsonDocument.Parse(payload.ToArray(), new JsonDocumentOptions { MaxDepth = limits.MaxJsonDepth });
            return document.RootElement.ValueKind is JsonValueKind.Number or JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False or JsonValueKind.String
                ? new SensorUpdate(account, name, document.RootElement.GetRawText())
                : Reject("sensor reading must be a JSON number, string, boolean or object");
        }
        catch (JsonException ex)
        {
            return Reject(Describe(ex));
        }
    }

    private string? ValidateTurn(string? dialogueId, string? text, string? requestId, string textField)
    {
        if (ValidateIdentity(dialogueId, requestId) is { } invalid)
        {
            return invalid;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return $"'{textField}' must not be empty";
        }

        if (System.Text.Encoding.UTF8.GetByteCount(text) > limits.MaxPromptBytes)
        {
            return $"'{textField}' exceeds {limits.MaxPromptBytes} bytes";
        }

        return null;
    }

    private string? ValidateIdentity(string? dialogueId, string? requestId) =>
        !IsPrintable(dialogueId, _maxDialogueIdLength)
            ? $"'dialogueId' must be 1 to {_maxDialogueIdLength} printable characters"
            : requestId is not null && !IsPrintable(requestId, TurnRecord.RequestIdMaxLength)
                ? $"'requestId' must be 1 to {TurnRecord.RequestIdMaxLength} printable characters, or left out"
                : null;

    private static string? ValidateTask(string? task) =>
        task is not null && !IsPrintable(task, TurnRecord.TaskMaxLength)
            ? $"'task' must be 1 to {TurnRecord.TaskMaxLength} printable characters, or left out"
            : null;

    /// <summary>
    /// Not blank, at most <paramref name="maxLength"/> UTF-16 units, no control characters. (Half a surrogate pair
    /// cannot get this far: the JSON reader refuses such an escape.)
    /// </summary>
    private static bool IsPrintable([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? value, int maxLength) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= maxLength && !value.Any(char.IsControl);

    private bool TryDeserialize<T>(ReadOnlySpan<byte> payload, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? value, out string error)
        where T : class
    {
        // The serializer transcodes a string only when it reads it, and may throw something other than JsonException.
        if (!System.Text.Unicode.Utf8.IsValid(payload))
        {
            value = null;
            error = "payload is not valid UTF-8";
            return false;
        }

        try
        {
            value = JsonSerializer.Deserialize(payload, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)_json.GetTypeInfo(typeof(T)));
            error = value is null ? "payload is JSON null" : string.Empty;
            return value is not null;
        }
        catch (JsonException ex)
        {
            value = null;
            error = Describe(ex);
            return false;
        }
    }

    // The serializer's message may quote the payload (a property path, a token).
    private static string Describe(JsonException ex) =>
        ex.BytePositionInLine is { } position
            ? $"invalid JSON at byte {position}{(ex.LineNumber is > 0 ? $" of line {ex.LineNumber + 1}" : string.Empty)}: {UntrustedText.Excerpt(FirstSentence(ex.Message))}"
            : $"invalid JSON: {UntrustedText.Excerpt(FirstSentence(ex.Message))}";

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }

    private static Rejection CommandTooLarge(string command, int bytes) =>
        Reject($"{command} command of {bytes} bytes exceeds {MaxCommandBytes}");

    private static Rejection Reject(string reason) => new(reason);
}
