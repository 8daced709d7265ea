using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tmo.Edge.Daemon.Cli;

namespace Tmo.Edge.Daemon.Tests.Fuzzing;

/// <summary>
/// A damaged `--config` file through the daemon's own start path (<see cref="RunCommand.CreateBuilder"/>, then the
/// validation <see cref="RunCommand.BuildAsync"/> runs before it loads anything): the daemon either takes it or stops with a configuration error `run` prints in
/// one line (<see cref="ConfigurationErrors"/>), never with an exception from somewhere deep inside.
/// </summary>
public sealed class ConfigurationFuzzTests : IDisposable
{
    /// <summary>Every section the daemon binds, with valid values of each kind (numbers, strings, booleans, spans).</summary>
    private const string ValidTemplate = """
        {
          "Tmo": {
            "DeviceId": "edge-1",
            "Mqtt": { "Host": "", "Port": 1883, "UseTls": false, "EmbeddedAddress": "127.0.0.1", "EmbeddedPort": 1883, "KeepAliveSeconds": 15, "ReconnectInitialSeconds": 0.5, "ReconnectMaxSeconds": 30 },
            "Budgets": { "DialogueLatencyS": 30, "DialogueUsageUsd": 0.05, "DailyCloudCapUsd": 5, "MaxDialogueTurns": 5, "DialogueIdleTimeout": "00:30:00" },
            "Limits": { "MaxPromptBytes": 8192, "MaxFrameBytes": 2097152, "MaxSensorBytes": 4096, "MaxVoiceBytes": 4194304, "MaxJsonDepth": 8, "MaxDialogueIdLength": 128 },
            "Storage": { "DataDirectory": "data", "RetentionDays": 30, "RetentionSweepInterval": "01:00:00", "LockTimeoutSeconds": 30, "MaxDatabaseMB": 512 },
            "Policy": { "CheckpointPath": "CHECKPOINT" },
            "Replay": { "DatasetPath": "DATASET", "SpeedFactor": 1 },
            "Decisions": { "Lanes": 16, "LaneCapacity": 256 },
            "Metrics": { "Enabled": true, "Address": "127.0.0.1", "Port": 9464 },
            "LocalLlm": { "ModelPath": "" },
            "CloudLlm": { "BaseUrl": "", "Model": "gpt-4o-mini" },
            "Voice": { "WhisperModelPath": "" },
            "Telemetry": { "Source": "auto", "Root": "/", "IntervalS": 1, "PersistIntervalS": 60, "ThrottleC": 85, "MemoryMarginMB": 512, "PowerCapW": 0, "LiveCosts": true }
          }
        }
        """;

    /// <summary>
    /// Values of the wrong type or out of every range: text for numbers, containers for scalars, overflow. (Text that
    /// is not JSON at all, a lone surrogate say, is the damaged-file property's: its error names the file.)
    /// </summary>
    private static readonly string[] WrongValues =
    [
        "\"not a number\"", "\"\"", "1e400", "-1e400", "-1", "0", "99999999999999999999", "1.5", "[]", "[1,2]", "{}", """{"nested":{"deeper":1}}""",
        "null", "true", "\"true\"", "\"-00:00:01\"", "\"99.00:00:00\"", "\"NaN\"", "\"\\u0000\"", $"\"{new string('x', 100_000)}\"",
    ];

    private const string Placeholder = "fuzzed-value";

    private static readonly string[] Leaves = LeavesOf(JsonNode.Parse(ValidTemplate)!, "").ToArray();

    private readonly string _directory = Directory.CreateTempSubdirectory("tmo-fuzz-config-").FullName;

    public ConfigurationFuzzTests()
    {
        // Start-up validation checks only that these files exist; loading them is the start-up's job, not the options'.
        var checkpoint = Path.Combine(_directory, "policy.json");
        var dataset = Path.Combine(_directory, "M4A1.json");
        File.WriteAllText(checkpoint, "{}");
        File.WriteAllText(dataset, "{}");
        ValidConfiguration = ValidTemplate.Replace("CHECKPOINT", checkpoint, StringComparison.Ordinal).Replace("DATASET", dataset, StringComparison.Ordinal);
    }

    private string ValidConfiguration { get; }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fuzz]
    public Property A_damaged_configuration_file_is_taken_or_refused_with_a_configuration_error() =>
        Prop.ForAll(FuzzInputs.MutationsOf(Encoding.UTF8.GetBytes(ValidConfiguration)), file => StartOrExplain(file));

    /// <remarks>
    /// An array or object where a scalar belongs is refused too, but the configuration binder's error for it ("Cannot
    /// create instance of type 'System.String'") does not say where; only the other values are held to naming the key.
    /// </remarks>
    [Fuzz]
    public Property A_wrong_typed_value_is_taken_or_refused_with_an_error_naming_its_key() =>
        Prop.ForAll(Gen.Elements(Leaves).ToArbitrary(), Gen.Elements(WrongValues).ToArbitrary(), (leaf, value) =>
        {
            // Spliced in as text: JsonNode refuses some of the values (a lone surrogate) that a file can hold.
            var configuration = JsonNode.Parse(ValidConfiguration)!;
            Replace(configuration, leaf, JsonValue.Create(Placeholder));
            var file = configuration.ToJsonString().Replace($"\"{Placeholder}\"", value, StringComparison.Ordinal);

            if (StartOrExplain(Encoding.UTF8.GetBytes(file)) is { } problem && !(value.StartsWith('[') || value.StartsWith('{')))
            {
                Assert.Contains(leaf[(leaf.LastIndexOf(':') + 1)..], problem, StringComparison.Ordinal);
            }
        });

    [Fact]
    public void The_valid_configuration_the_properties_start_from_is_taken()
    {
        Assert.Null(StartOrExplain(Encoding.UTF8.GetBytes(ValidConfiguration), wholeHost: true));
    }

    [Fact]
    public void Several_wrong_sections_are_refused_together_as_one_configuration_error()
    {
        var configuration = JsonNode.Parse(ValidConfiguration)!;
        Replace(configuration, "Tmo:Budgets:DialogueLatencyS", JsonValue.Create(-1));
        Replace(configuration, "Tmo:Decisions:Lanes", JsonValue.Create(0));

        var problem = StartOrExplain(Encoding.UTF8.GetBytes(configuration.ToJsonString()), wholeHost: true);

        Assert.NotNull(problem);
        Assert.Contains("DialogueLatencyS", problem, StringComparison.Ordinal);
        Assert.Contains("Lanes", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_from_outside_the_configuration_is_not_passed_off_as_a_configuration_mistake()
    {
        Assert.Null(ConfigurationErrors.Describe(new InvalidOperationException("a bug in the daemon")));
        Assert.Null(ConfigurationErrors.Describe(new AggregateException(new OptionsValidationException("x", typeof(object), ["bad"]), new InvalidOperationException("a bug"))));
    }

    [Fact]
    public void A_number_given_as_text_that_is_not_one_is_refused_naming_its_key()
    {
        var problem = StartOrExplain(Encoding.UTF8.GetBytes(ValidConfiguration.Replace("\"Lanes\": 16", "\"Lanes\": \"sixteen\"", StringComparison.Ordinal)), wholeHost: true);

        Assert.NotNull(problem);
        Assert.Contains("Tmo:Decisions:Lanes", problem, StringComparison.Ordinal);
    }

    /// <summary>
    /// Null when the daemon would start with <paramref name="file"/> as its --config, else the line `run` prints.
    /// The properties bind and validate through the daemon's own registrations over the file alone (a whole host per
    /// case would cost them most of their cases); <paramref name="wholeHost"/> goes through `run`'s host builder.
    /// </summary>
    private string? StartOrExplain(byte[] file, bool wholeHost = false)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.json");
        File.WriteAllBytes(path, file);
        KeyValuePair<string, string?>[] overrides = [new("Tmo:Storage:DataDirectory", Path.Combine(_directory, "data"))];
        try
        {
            if (wholeHost)
            {
                using var services = RunCommand.CreateBuilder(path, overrides, TimeProvider.System).Services.BuildServiceProvider();
                services.GetRequiredService<IStartupValidator>().Validate();
            }
            else
            {
                var configuration = new ConfigurationBuilder().AddJsonFile(path, optional: false).AddInMemoryCollection(overrides).Build();
                using var services = new ServiceCollection()
                    .AddSingleton<IConfiguration>(configuration)
                    .AddLogging()
                    .AddTmoEdgeDaemon(configuration)
                    .BuildServiceProvider();
                services.GetRequiredService<IStartupValidator>().Validate();
            }

            return null;
        }
        catch (Exception error)
        {
            var problem = ConfigurationErrors.Describe(error);
            Assert.True(problem is not null, $"Not reported as a configuration error: {error}");
            return problem;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static IEnumerable<string> LeavesOf(JsonNode node, string path) => node is JsonObject json
        ? json.SelectMany(property => LeavesOf(property.Value!, path.Length == 0 ? property.Key : $"{path}:{property.Key}"))
        : [path];

    private static void Replace(JsonNode root, string leaf, JsonNode? value)
    {
        var keys = leaf.Split(':');
        var parent = keys[..^1].Aggregate(root, (node, key) => node[key]!);
        parent[keys[^1]] = value;
    }
}
