using System.Text;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Daemon.Ingress;

namespace Tmo.Edge.Daemon.Tests.Ingress;

public sealed class InboundParserTests
{
    private static readonly TopicLayout Topics = new("tmo/dev1");
    private static readonly InboundParser Parser = new(Topics, new LimitOptions(), modalityCount: 3);
    private static readonly ReplyRoute Alice = ReplyRoute.Default(Topics, "alice");

    private static InboundMessageKind Parse(string topic, string payload) => Parse(topic, Encoding.UTF8.GetBytes(payload));

    private static InboundMessageKind Parse(string topic, byte[] payload) =>
        Parser.Parse(new InboundMessage(topic, payload, DateTimeOffset.UnixEpoch));

    [Fact]
    public void A_prompt_with_task_and_request_id_is_parsed()
    {
        var parsed = Parse("tmo/dev1/users/alice/in/prompt", """{"dialogueId":"kitchen-42","text":"Where did I put my dishes?","task":"Query","requestId":"r1"}""");
        Assert.Equal(new PromptRequest(Alice, "kitchen-42", "Where did I put my dishes?", "Query", "r1"), Assert.IsType<PromptRequest>(parsed) with { Reply = Alice });
        Assert.Equal(Alice.ResponseTopic, ((PromptRequest)parsed).Reply.ResponseTopic);
    }

    [Fact]
    public void A_voice_transcript_is_a_prompt()
    {
        var parsed = Parse("tmo/dev1/users/alice/in/voice", """{"dialogueId":"d","transcript":"turn on the lights"}""");
        Assert.Equal(new PromptRequest(Alice, "d", "turn on the lights", null, null), Assert.IsType<PromptRequest>(parsed) with { Reply = Alice });
    }

    [Fact]
    public void Voice_audio_goes_to_transcription_where_a_recogniser_is_configured()
    {
        var parser = new InboundParser(new TopicLayout("tmo/dev1"), new LimitOptions(), modalityCount: 3, transcribesAudio: true);
        var wav = "RIFF\0\0\0\0WAVEfmt "u8.ToArray();
        var payload = $$"""{"dialogueId":"d","audio":"{{Convert.ToBase64String(wav)}}","requestId":"r9"}""";

        var audio = Assert.IsType<AudioRequest>(parser.Parse(new InboundMessage("tmo/dev1/users/alice/in/voice", Encoding.UTF8.GetBytes(payload), DateTimeOffset.UnixEpoch)));

        Assert.Equal(("d", "r9"), (audio.DialogueId, audio.RequestId));
        Assert.Equal(wav, audio.Wav.ToArray());
    }

    [Theory]
    [InlineData("""{"dialogueId":"d","audio":"not base64!"}""", "not valid base64")]
    [InlineData("""{"dialogueId":"d","audio":"SGVsbG8gd29ybGQsIG5vdCBhIHdhdg=="}""", "not a WAV file")]
    [InlineData("""{"audio":"UklGRg=="}""", "'dialogueId' must be")]
    public void Voice_audio_that_cannot_be_transcribed_is_rejected(string payload, string reason)
    {
        var parser = new InboundParser(new TopicLayout("tmo/dev1"), new LimitOptions(), modalityCount: 3, transcribesAudio: true);

        var rejection = Assert.IsType<Rejection>(parser.Parse(new InboundMessage("tmo/dev1/users/alice/in/voice", Encoding.UTF8.GetBytes(payload), DateTimeOffset.UnixEpoch)));

        Assert.Contains(reason, rejection.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tmo/dev1/users/alice/in/prompt", """{"dialogueId":"d","text":"hi",}""", "invalid JSON at byte")]
    [InlineData("tmo/dev1/users/alice/in/prompt", """{"dialogueId":"d"}""", "'text' must not be empty")]
    [InlineData("tmo/dev1/users/alice/in/prompt", """{"text":"hi"}""", "'dialogueId' must be")]
    [InlineData("tmo/dev1/users/alice/in/prompt", """{"dialogueId":"d","text":42}""", "invalid JSON")]
    [InlineData("tmo/dev1/users/alice/in/prompt", "null", "JSON null")]
    [InlineData("tmo/dev1/users/alice/in/prompt", """{"dialogueId":"d","text":"half a pair \ud800"}""", "invalid JSON")]
    [InlineData("tmo/dev1/users/alice/in/prompt", """{"dialogueId":"\udfff","text":"hi"}""", "invalid JSON")]
    [InlineData("tmo/dev1/users/alice/in/voice", """{"dialogueId":"d","audio":"UklGRg=="}""", "no speech recogniser")]
    [InlineData("tmo/dev1/users/alice/in/camera/7", "x", "camera view '7' is not one of 0..2")]
    [InlineData("tmo/dev1/users/alice/in/camera/1", "not an image", "neither JPEG nor PNG")]
    [InlineData("tmo/dev1/users/alice/in/sensor/temp", "{", "invalid JSON")]
    [InlineData("tmo/dev1/users/alice/in/sensor/temp", "[1,2]", "must be a JSON number")]
    [InlineData("tmo/dev1/cmd/budget", """{"latencyS":-3}""", "budgets out of range")]
    [InlineData("tmo/dev1/cmd/budget", """{"latencyS":0.0005}""", "budgets out of range: latencyS in [0.001, 86400] s")]
    [InlineData("tmo/dev1/cmd/budget", """{"latencyS":20,"usageUsd":2000,"dailyCapUsd":-1}""", "usageUsd in [0, 1000] USD, dailyCapUsd in [0, 1000000] USD")]
    [InlineData("tmo/dev1/cmd/budget", "{}", "sets nothing")]
    [InlineData("tmo/dev1/cmd/budget", """{"thermalLimitC":15}""", "device limits out of range")]
    [InlineData("tmo/dev1/cmd/budget", """{"powerCapW":-1}""", "device limits out of range")]
    [InlineData("tmo/dev1/cmd/budget", """{"memoryMarginMB":16777217}""", "device limits out of range")]
    [InlineData("tmo/dev1/users/alice/in/weather", "{}", "unknown topic 'in/weather'")]
    [InlineData("tmo/other/in/prompt", "{}", "topic outside tmo/dev1/")]
    public void Bad_messages_are_rejected_with_a_reason(string topic, string payload, string reason)
    {
        var rejection = Assert.IsType<Rejection>(Parse(topic, payload));
        Assert.Contains(reason, rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_budget_command_may_set_only_device_limits()
    {
        var parsed = Parse("tmo/dev1/cmd/budget", """{"thermalLimitC":70,"powerCapW":25,"memoryMarginMB":1024}""");
        Assert.Equal(new BudgetRequest(new BudgetCommand(ThermalLimitC: 70, PowerCapW: 25, MemoryMarginMB: 1024)), parsed);
    }

    [Fact]
    public void Deeply_nested_json_is_rejected_not_parsed()
    {
        var nested = string.Concat(Enumerable.Repeat("{\"a\":", 50)) + "1" + new string('}', 50);
        var rejection = Assert.IsType<Rejection>(Parse("tmo/dev1/users/alice/in/sensor/deep", nested));
        Assert.Contains("depth", rejection.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Oversize_prompt_text_and_frames_are_rejected()
    {
        var text = new string('a', 9000);
        Assert.Contains("exceeds 8192 bytes", Assert.IsType<Rejection>(Parse("tmo/dev1/users/alice/in/prompt", $$"""{"dialogueId":"d","text":"{{text}}"}""")).Reason, StringComparison.Ordinal);

        var frame = new byte[(2 << 20) + 1];
        frame[0] = 0xFF;
        frame[1] = 0xD8;
        frame[2] = 0xFF;
        Assert.Contains("exceeds 2097152", Assert.IsType<Rejection>(Parse("tmo/dev1/users/alice/in/camera/0", frame)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Jpeg_and_png_frames_are_kept_with_their_media_type()
    {
        var jpeg = Assert.IsType<FrameUpdate>(Parse("tmo/dev1/users/alice/in/camera/2", [0xFF, 0xD8, 0xFF, 0xE0, 1, 2]));
        Assert.Equal((2, "image/jpeg"), (jpeg.Frame.View, jpeg.Frame.MediaType));
        var png = Assert.IsType<FrameUpdate>(Parse("tmo/dev1/users/alice/in/camera/0", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]));
        Assert.Equal("image/png", png.Frame.MediaType);
    }

    [Fact]
    public void Sensor_numbers_and_objects_are_kept_as_json()
    {
        Assert.Equal(new SensorUpdate("alice", "temp", "21.5"), Parse("tmo/dev1/users/alice/in/sensor/temp", "21.5"));
        Assert.Equal(new SensorUpdate("alice", "door", """{"open":true}"""), Parse("tmo/dev1/users/alice/in/sensor/door", """{"open":true}"""));
    }
}
