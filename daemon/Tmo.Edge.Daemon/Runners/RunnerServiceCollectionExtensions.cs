using Microsoft.Extensions.DependencyInjection;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.Voice;

namespace Tmo.Edge.Daemon.Runners;

/// <summary>Wires the LLM runners and speech recognition: their options (validated at start) and factories.</summary>
public static class RunnerServiceCollectionExtensions
{
    public static IServiceCollection AddLlmRunners(this IServiceCollection services)
    {
        services.AddValidatedOptions<LocalLlmOptions, LocalLlmOptionsValidator>().BindConfiguration(LocalLlmOptions.Section);
        services.AddValidatedOptions<CloudLlmOptions, CloudLlmOptionsValidator>().BindConfiguration(CloudLlmOptions.Section);
        services.AddValidatedOptions<VoiceOptions, VoiceOptionsValidator>().BindConfiguration(VoiceOptions.Section);
        services.AddSingleton<LlmRunnerFactory>();
        services.AddSingleton<SpeechTranscriber>();
        return services;
    }
}
