using Tmo.Edge.Daemon.Runners.Local;

namespace Tmo.Edge.Daemon.Tests.Runners.Local;

public sealed class GgufHeaderTests
{
    [Fact]
    public void The_tiny_test_model_has_a_valid_header()
    {
        var header = GgufHeader.Read(TinyModelFiles.Good);
        Assert.Equal(3u, header.Version);
        Assert.Equal("llama", header.Architecture);
        Assert.Equal(3 + (9 * TinyLlamaModel.BlockCount), header.TensorCount);
    }

    [Fact]
    public void A_file_that_is_not_gguf_is_rejected_with_its_magic()
    {
        var error = Assert.Throws<GgufFormatException>(() => GgufHeader.Read(TinyModelFiles.NotGguf));
        Assert.Contains("not-a-model.gguf: not a GGUF model (magic 74686973", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_model_is_rejected()
    {
        var path = Path.Combine(Path.GetTempPath(), $"truncated-{Guid.NewGuid():N}.gguf");
        File.WriteAllBytes(path, File.ReadAllBytes(TinyModelFiles.Good)[..200]);
        try
        {
            var error = Assert.Throws<GgufFormatException>(() => GgufHeader.Read(path));
            Assert.Contains("runs past", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Absurd_counts_are_rejected_before_anything_is_allocated()
    {
        var bytes = File.ReadAllBytes(TinyModelFiles.Good);
        BitConverter.GetBytes(long.MaxValue).CopyTo(bytes, 8); // tensor count
        var path = Path.Combine(Path.GetTempPath(), $"counts-{Guid.NewGuid():N}.gguf");
        File.WriteAllBytes(path, bytes);
        try
        {
            Assert.Contains("implausible counts", Assert.Throws<GgufFormatException>(() => GgufHeader.Read(path)).Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
