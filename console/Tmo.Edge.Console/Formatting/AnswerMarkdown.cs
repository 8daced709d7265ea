using Ganss.Xss;
using Markdig;
using Microsoft.AspNetCore.Components;

namespace Tmo.Edge.Console.Formatting;

/// <summary>
/// LLM answers are Markdown; the console shows them formatted. The text is untrusted (a model can be prompted into
/// writing anything), so raw HTML in it is escaped by Markdig and the HTML Markdig produces is sanitised again
/// (scripts, event handlers, javascript: links and styles removed) before it reaches the page.
/// </summary>
public static class AnswerMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .UseSoftlineBreakAsHardlineBreak()
        .Build();

    // Sanitize is safe to call from several threads once configured.
    private static readonly HtmlSanitizer Sanitizer = new();

    public static MarkupString ToHtml(string? markdown) =>
        new(string.IsNullOrWhiteSpace(markdown) ? string.Empty : Sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline)));
}
