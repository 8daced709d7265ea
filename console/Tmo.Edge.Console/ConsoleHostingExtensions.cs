using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Tmo.Edge.Console.Budgets;
using Tmo.Edge.Console.Components;
using Tmo.Edge.Console.History;
using Tmo.Edge.Console.Hosting;
using Tmo.Edge.Console.Live;
using Tmo.Edge.Console.Policies;
using Tmo.Edge.Console.Security;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Logging;

namespace Tmo.Edge.Console;

/// <summary>Wires the admin console, so that Program.cs reads like a table of contents.</summary>
public static class ConsoleHostingExtensions
{
    public const string CookieName = "tmo-edge-console";

    public static WebApplicationBuilder AddTmoEdgeConsole(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var services = builder.Services;

        // Loopback unless configured otherwise; ASPNETCORE_URLS / --urls still win.
        if (string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(configuration[$"{ConsoleOptions.Section}:{nameof(ConsoleOptions.Url)}"] ?? new ConsoleOptions().Url);
        }

        // MudBlazor's CSS and JS are static web assets of its package: a build output run outside Development
        // serves them only with the build's runtime manifest loaded (the publish output has them in wwwroot).
        builder.WebHost.UseStaticWebAssets();

        services.AddValidatedOptions<ConsoleOptions, ConsoleOptionsValidator>().BindConfiguration(ConsoleOptions.Section);
        services.AddValidatedOptions<BudgetOptions, BudgetOptionsValidator>().BindConfiguration(BudgetOptions.Section);
        services.AddValidatedOptions<MqttOptions, MqttOptionsValidator>().BindConfiguration(MqttOptions.Section);
        services.AddValidatedOptions<DaemonIdentityOptions, DaemonIdentityOptionsValidator>().BindConfiguration(DaemonIdentityOptions.Section);
        services.AddTmoEdgeData();
        builder.Logging.AddTmoEdgeDatabase("console");

        services.AddDataProtection().SetApplicationName("tmo-edge-console");
        // Keys in the state directory, so that a restart does not log everyone out; resolved from the validated options.
        services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<ConsoleOptions>, IOptions<StorageOptions>, ILoggerFactory>((keys, console, storage, loggers) =>
                keys.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(KeyDirectory(console.Value, storage.Value)), loggers));
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.LoginPath = "/login";
                options.AccessDeniedPath = "/login";
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                // Secure whenever the console is served over HTTPS (directly or behind a TLS proxy that says so).
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                // Ends the sessions of an account whose password was set since they signed in.
                options.EventsType = typeof(SessionCookieEvents);
            });
        // A TLS-terminating proxy on the same machine (trusted as loopback) says the request was HTTPS, so the
        // cookies are marked Secure there too.
        services.Configure<ForwardedHeadersOptions>(options => options.ForwardedHeaders = ForwardedHeaders.XForwardedProto);
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        services.AddSingleton<SessionValidator>();
        services.AddSingleton<SessionCookieEvents>();
        services.AddAntiforgery(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddScoped<AuthenticationStateProvider, SessionRevalidation>();
        services.AddMudServices();

        // Start-up checks run before the bus connects and before Kestrel serves.
        services.AddHostedService<ConsoleStartup>();
        services.AddSingleton<LiveState>();
        services.AddSingleton<ConsoleBus>();
        services.AddHostedService(provider => provider.GetRequiredService<ConsoleBus>());
        services.AddSingleton<IPasswordVerifier, Pbkdf2PasswordVerifier>();
        services.AddSingleton<LoginService>();
        services.AddSingleton<BudgetEditor>();
        services.AddSingleton<DecisionHistory>();
        services.AddSingleton<DashboardHistory>();
        services.AddSingleton<DialogueQueries>();
        services.AddSingleton<RatingQueries>();
        services.AddSingleton<LogHistory>();
        services.AddSingleton<PolicyHistory>();
        services.AddSingleton<PolicyCommands>();
        services.AddSingleton<DatabaseSize>();
        return builder;
    }

    /// <summary>
    /// The console's builder, for the service and its commands alike: appsettings.json beside the binary (whatever the
    /// working directory), then <paramref name="configurationDirectory"/>'s (<see cref="ConsoleConfigurationDirectory"/>),
    /// then environment variables and arguments.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args, string? configurationDirectory)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (configurationDirectory is null)
        {
            return builder;
        }

        var sources = builder.Configuration.Sources;
        var file = new JsonConfigurationSource { Path = Path.Combine(configurationDirectory, "appsettings.json"), Optional = true, ReloadOnChange = false };
        file.ResolveFileProvider();
        var environment = sources.Select((source, index) => (source, index))
            .LastOrDefault(s => s.source is EnvironmentVariablesConfigurationSource { Prefix: null or "" });
        sources.Insert(environment.source is null ? sources.Count : environment.index, file);
        return builder;
    }

    public static WebApplication UseTmoEdgeConsole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        // An unknown address gets the NotFound page with its 404 status, not an empty response.
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseForwardedHeaders();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapPost("/logout", async (HttpContext context, IAntiforgery antiforgery) =>
        {
            // UseAntiforgery checks only the forms of Razor pages and of endpoints that bind form fields; this one binds
            // none, so it checks the token itself, or any page could post here in the user's name.
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest("A valid antiforgery token was not provided with the logout.");
            }

            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/login");
        });
        return app;
    }

    /// <summary>The signed-in user's name, as the audit trail records it.</summary>
    public static string UserName(this ClaimsPrincipal user) => user?.Identity?.Name ?? "unknown";

    private static string KeyDirectory(ConsoleOptions console, StorageOptions storage) =>
        Path.Combine(ConsoleStateDirectory.Of(console, storage), "console-keys");
}
