using System.Net;
using System.Text.RegularExpressions;

namespace Tmo.Edge.Console.BrowserTests.Security;

/// <summary>
/// The login form over plain HTTP, as a script (or a forged cross-site form) would post it: its own cookie jar, no
/// redirects followed, so each answer is seen as the server gave it.
/// </summary>
internal sealed partial class LoginForm : IDisposable
{
    private readonly HttpClient _http;

    public LoginForm(string baseUrl)
    {
        Cookies = new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = Cookies }) { BaseAddress = new Uri(baseUrl) };
    }

    public CookieContainer Cookies { get; }

    public HttpClient Http => _http;

    public bool HasSessionCookie => Cookies.GetAllCookies().Any(c => c.Name == ConsoleHostingExtensions.CookieName);

    /// <summary>GETs a page and returns the antiforgery token of its first form (and keeps the antiforgery cookie).</summary>
    public async Task<string> TokenFromAsync(string path)
    {
        var html = await _http.GetStringAsync(new Uri(path, UriKind.Relative));
        return WebUtility.HtmlDecode(TokenField().Match(html) is { Success: true } match
            ? match.Groups["token"].Value
            : throw new InvalidOperationException($"{path} has no antiforgery field:\n{html}"));
    }

    /// <summary>POSTs the login form; with a null token the antiforgery field is left out.</summary>
    public async Task<HttpResponseMessage> PostLoginAsync(string user, string password, string? token)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("_handler", "login"),
            new("Input.User", user),
            new("Input.Password", password),
        };
        if (token is not null)
        {
            fields.Add(new("__RequestVerificationToken", token));
        }

        using var form = new FormUrlEncodedContent(fields);
        return await _http.PostAsync(new Uri("/login", UriKind.Relative), form);
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"(?<token>[^\"]+)\"")]
    private static partial Regex TokenField();
}
