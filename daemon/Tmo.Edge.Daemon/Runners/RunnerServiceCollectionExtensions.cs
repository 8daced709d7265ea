using Microsoft.Extensions.DependencyInjection;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.Voice;

namespace Tmo.Edge.Daemon.Runners;

/// <summary>Wires the LLM runners and speech recognition: their options (validated at start) and factories.</summary>
public static class RunnerServiceCollectionExtensions
{
    public static IServiceCollection AddLlmRunners(this IServiceCollection services)
    {
        services.AddOptions<LocalLlmOptions>().BindConfiguration(LocalLlmOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CloudLlmOptions>().BindConfiguration(CloudLlmOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<VoiceOptions>().BindConfiguration(VoiceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LlmRunnerFactory>();
        services.AddSingleton<SpeechTranscriber>();
        return services;
    }
}
