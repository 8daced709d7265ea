using FsCheck;
using FsCheck.Fluent;
using Tmo.Edge.Policy.Dataset;

namespace Tmo.Edge.Policy.Tests.Fuzzing;

/// <summary>Damaged M4A1 files: a dataset or a <see cref="DatasetFormatException"/> naming the file, nothing else.</summary>
public sealed class DatasetFuzzTests
{
    private static readonly Lazy<byte[]> ValidDataset = new(() =>
        M4A1Writer.Serialize(SyntheticDialogues.Generate(episodes: 3, turns: 3, modalities: 3, tasks: 4, seed: 7)));

    [Fuzz]
    public Property A_damaged_dataset_loads_or_fails_with_a_dataset_error_naming_the_file() =>
        Prop.ForAll(FuzzInputs.MutationsOf(ValidDataset.Value), bytes =>
        {
            try
            {
                Assert.NotEmpty(M4A1Loader.Parse(bytes, "fuzzed.json").Episodes);
            }
            catch (DatasetFormatException exception)
            {
                Assert.StartsWith("fuzzed.json", exception.Message, StringComparison.Ordinal);
            }
        });
}
