using System.CommandLine;
using Tmo.Edge.Daemon.Runners.Local;

namespace Tmo.Edge.Daemon.Cli;

/// <summary>
/// `tmo-edge llm-host`: the local LLM in a process of its own, spoken to over stdin/stdout with length-prefixed
/// messages. The daemon starts it; a native abort in llama.cpp ends this process, never the daemon.
/// </summary>
internal static class LlmHostCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "GGUF model file.", Required = true };
        var context = new Option<int>("--context") { Description = "Context size in tokens.", DefaultValueFactory = _ => 2048 };
        var gpuLayers = new Option<int>("--gpu-layers") { Description = "Layers offloaded to the GPU." };
        var threads = new Option<int>("--threads") { Description = "Decode threads (0: llama.cpp chooses)." };
        var temperature = new Option<double>("--temperature") { Description = "Sampling temperature (0: greedy).", DefaultValueFactory = _ => 0.2 };
        var seed = new Option<uint>("--seed") { Description = "Sampling seed.", DefaultValueFactory = _ => 42 };
        var nativeLibrary = new Option<string?>("--native-library") { Description = "A device-built libllama to load instead of the packaged one." };
        var command = new Command("llm-host", "Serve a GGUF model to the daemon over stdin/stdout (started by `tmo-edge run`).")
        {
            model, context, gpuLayers, threads, temperature, seed, nativeLibrary,
        };
        command.Hidden = true;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new LlamaModelSettings(
                parse.GetValue(model)!,
                parse.GetValue(context),
                parse.GetValue(gpuLayers),
                parse.GetValue(threads),
                parse.GetValue(temperature),
                parse.GetValue(seed),
                parse.GetValue(nativeLibrary));

            // stdout carries the protocol: anything else that writes to the console goes to stderr.
            await using var output = Console.OpenStandardOutput();
            await using var input = Console.OpenStandardInput();
            Console.SetOut(Console.Error);
            return await LlmHostServer.RunAsync(settings, input, output, Console.Error, cancellationToken);
        });
        return command;
    }
}
