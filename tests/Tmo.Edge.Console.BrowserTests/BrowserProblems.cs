using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Tmo.Edge.Console.BrowserTests;

/// <summary>
/// What went wrong in a page as the browser saw it: console errors, uncaught exceptions, requests that failed or were
/// answered with an error status (a missing favicon included). A page is clean when this stays empty.
/// </summary>
internal sealed class BrowserProblems
{
    private readonly ConcurrentQueue<string> _problems = new();

    private BrowserProblems()
    {
    }

    public IReadOnlyList<string> All => [.. _problems];

    public static BrowserProblems Watch(IPage page, params string[] expectedStatusPaths)
    {
        var problems = new BrowserProblems();
        page.Console += (_, message) =>
        {
            // The browser reports an expected error status of the page itself (a 404 page) as a console error too.
            if (message.Type == "error" && !expectedStatusPaths.Any(p => message.Location.Contains(p, StringComparison.Ordinal)))
            {
                problems._problems.Enqueue($"console error: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems._problems.Enqueue($"page error: {error}");
        page.RequestFailed += (_, request) => problems._problems.Enqueue($"request failed: {request.Method} {request.Url} ({request.Failure})");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && !expectedStatusPaths.Any(p => new Uri(response.Url).AbsolutePath == p))
            {
                problems._problems.Enqueue($"HTTP {response.Status}: {response.Request.Method} {response.Url}");
            }
        };
        return problems;
    }
}
