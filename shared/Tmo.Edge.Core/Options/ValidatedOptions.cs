using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Tmo.Edge.Core.Options;

/// <summary>
/// How every options class of the daemon and the console is registered: checked by its validator when the host
/// starts, so a bad value stops the service at once with a message naming the key (docs/configuration.md), not at the
/// first use of the value. The caller binds it: <c>.BindConfiguration(Section)</c>.
/// </summary>
public static class ValidatedOptions
{
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        // A section registered twice (the daemon's registrations and the console's both may add one) is checked once.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return services.AddOptions<TOptions>().ValidateOnStart();
    }
}
