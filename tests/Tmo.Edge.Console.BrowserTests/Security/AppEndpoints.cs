using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Tmo.Edge.Console.BrowserTests.Security;

/// <summary>
/// The console's own routes, read from its endpoint data source (so a page or endpoint added later is covered without
/// editing a list): its Razor pages and the endpoints it maps itself. Static files and the Blazor framework's own
/// endpoints (the circuit hub, its scripts) carry no page of ours and are left out.
/// </summary>
internal static class AppEndpoints
{
    public static IReadOnlyList<RouteEndpoint> Of(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => !IsFrameworkOrStatic(e))
            .ToArray();

    public static bool AllowsAnonymous(RouteEndpoint endpoint) => endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;

    public static IReadOnlyList<string> Methods(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];

    /// <summary>A concrete path for the pattern: route parameters get a value their constraint accepts.</summary>
    public static string SamplePath(RouteEndpoint endpoint)
    {
        var segments = endpoint.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => parameter.ParameterPolicies.Any(p => p.Content is "long" or "int") ? "1" : "sample",
            _ => throw new InvalidOperationException($"Unexpected route part in {endpoint.RoutePattern.RawText}."),
        })));
        return "/" + string.Join('/', segments);
    }

    private static bool IsFrameworkOrStatic(RouteEndpoint endpoint)
    {
        var pattern = endpoint.RoutePattern.RawText ?? "";
        var isPage = endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;
        return !isPage && (pattern.StartsWith('_') || pattern.StartsWith("/_", StringComparison.Ordinal)
            || Path.HasExtension(pattern.Split('/')[^1]) || pattern.Contains("{**", StringComparison.Ordinal));
    }
}
