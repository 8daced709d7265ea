
namespace Tmo.Edge.Daemon.Runners.Cloud;

/// <summary>
/// USD for a chat completion from its token counts (per million input/output tokens, plus a price per image), and the
/// bounds the shield plans with. The input bound is exact arithmetic, not a guess: a token covers at least one UTF-8
/// byte, each message adds a few framing tokens, and an image counts as at most <see cref="CloudLlmOptions.MaxTokensPerImage"/>.
/// </summary>
public sealed class CloudPriceTable(CloudLlmOptions options)
{
    /// <summary>Chat framing per message (role markers, separators); generous for every tokenizer in use.</summary>
    private const int FramingTokensPerMessage = 16;

    private double InputUsdPerToken => options.InputUsdPerMillionTokens / 1e6;

    private double OutputUsdPerToken => options.OutputUsdPerMillionTokens / 1e6;

    public long InputTokensBound(string systemPrompt, string userText, int images) =>
        System.Text.Encoding.UTF8.GetByteCount(systemPrompt) + System.Text.Encoding.UTF8.GetByteCount(userText)
        + (2 * FramingTokensPerMessage) + ((long)images * options.MaxTokensPerImage);

    public double Usd(long inputTokens, long outputTokens, int images) =>
        (inputTokens * InputUsdPerToken) + (outputTokens * OutputUsdPerToken) + (images * options.UsdPerImage);

    /// <summary>The most output tokens that keep the call within <paramref name="ceilingUsd"/> (0 when even none fit).</summary>
    public int MaxOutputTokensWithin(double ceilingUsd, long inputTokensBound, int images)
    {
        var room = ceilingUsd - Usd(inputTokensBound, 0, images);
        if (room < 0)
        {
            return 0;
        }

        return OutputUsdPerToken <= 0
            ? options.MaxOutputTokens
            : (int)Math.Min(options.MaxOutputTokens, Math.Floor(room / OutputUsdPerToken));
    }
}
