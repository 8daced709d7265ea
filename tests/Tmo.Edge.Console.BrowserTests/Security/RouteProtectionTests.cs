using System.Net;
using Microsoft.AspNetCore.Components.Endpoints;
using Xunit.Abstractions;

namespace Tmo.Edge.Console.BrowserTests.Security;

/// <summary>
/// Without a login, every route of the console sends the visitor to /login; only the login, error and not-found pages
/// are open (they show nothing of the device).
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class RouteProtectionTests(ConsoleUnderTest console, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_route_of_the_app_redirects_an_anonymous_visitor_to_the_login_page()
    {
        var endpoints = AppEndpoints.Of(console.Services);
        foreach (var endpoint in endpoints)
        {
            output.WriteLine($"{string.Join('|', AppEndpoints.Methods(endpoint))} {endpoint.RoutePattern.RawText} anonymous={AppEndpoints.AllowsAnonymous(endpoint)} ({endpoint.DisplayName})");
        }

        // The pages are found (the enumeration is not vacuous), and only the three pages a stranger must see are open.
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/budgets");
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/decisions/{Id:long}");
        Assert.Equal(["/error", "/login", "/not-found"], endpoints.Where(AppEndpoints.AllowsAnonymous).Select(e => e.RoutePattern.RawText!).Distinct().Order(StringComparer.Ordinal));

        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(console.BaseUrl) };
        var checkedPages = 0;
        foreach (var endpoint in endpoints.Where(e => !AppEndpoints.AllowsAnonymous(e) && e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null))
        {
            var path = AppEndpoints.SamplePath(endpoint);
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"GET {path}: {(int)response.StatusCode} instead of a redirect to /login");
            var location = response.Headers.Location!;
            var target = location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
            Assert.StartsWith($"/login?ReturnUrl={Uri.EscapeDataString(path)}", target, StringComparison.Ordinal);
            // Nothing of the page went out with the redirect.
            Assert.DoesNotContain("mud-", body, StringComparison.Ordinal);
            checkedPages++;
        }

        Assert.True(checkedPages >= 9, $"only {checkedPages} protected pages were found");
    }
}
