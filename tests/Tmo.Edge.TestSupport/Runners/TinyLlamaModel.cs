using System.Text;

namespace Tmo.Edge.TestSupport.Runners;

/// <summary>
/// Writes a tiny llama-architecture GGUF (GGUF v3, F32 tensors, seeded random weights) that llama.cpp loads and runs:
/// no model file can be downloaded here, so the tests make their own. The vocabulary is a valid SentencePiece one:
/// unk/bos/eos, the 256 byte tokens &lt;0x00&gt;..&lt;0xFF&gt; (so any text tokenizes) and a few word pieces, all unique.
/// The end-of-sequence row of the output matrix is zero, so greedy decoding never picks it: only the runner's limits
/// (max tokens, the latency ceiling) end a generation, which is what the tests want to see.
/// </summary>
public static class TinyLlamaModel
{
    public const int EmbeddingLength = 64;
    public const int HeadCount = 4;
    public const int FeedForwardLength = 128;
    public const int BlockCount = 2;
    public const int ContextLength = 4096;

    private const int EosId = 2;

    private static readonly string[] WordPieces =
    [
        "\u2581", "\u2581the", "\u2581a", "\u2581is", "\u2581on", "\u2581in", "\u2581cup", "\u2581table", "\u2581kitchen",
        "\u2581dishes", "\u2581where", "\u2581I", "\u2581put", "\u2581my", "\u2581it", "\u2581left", "\u2581right",
        "e", "t", "a", "o", "i", "n", "s", "h", "r", "d", "l", "u", "c", "m", "w", "y", "p", "g", "b", ".", ",", "?",
    ];

    /// <param name="path">Where to write the file.</param>
    /// <param name="seed">Seeds the weights.</param>
    /// <param name="keyValueHeads">
    /// Attention heads for keys and values; anything that does not divide <see cref="HeadCount"/> is a model whose
    /// header and shapes are consistent but which llama.cpp's graph code rejects with a native assertion (abort).
    /// </param>
    public static void Write(string path, int seed = 42, int keyValueHeads = HeadCount)
    {
        var tokens = new List<string> { "<unk>", "<s>", "</s>" };
        tokens.AddRange(Enumerable.Range(0, 256).Select(b => $"<0x{b:X2}>"));
        tokens.AddRange(WordPieces);
        var types = tokens.Select((_, i) => i switch { 0 => 2, 1 or 2 => 3, < 259 => 6, _ => 1 }).ToArray();
        var scores = tokens.Select((_, i) => i < 259 ? 0f : -(float)(i - 259)).ToArray();
        var vocab = tokens.Count;
        var headDim = EmbeddingLength / HeadCount;
        var kvDim = headDim * keyValueHeads;

        var tensors = new List<(string Name, long[] Shape)>
        {
            ("token_embd.weight", [EmbeddingLength, vocab]),
            ("output_norm.weight", [EmbeddingLength]),
            ("output.weight", [EmbeddingLength, vocab]),
        };
        for (var b = 0; b < BlockCount; b++)
        {
            tensors.Add(($"blk.{b}.attn_norm.weight", [EmbeddingLength]));
            tensors.Add(($"blk.{b}.attn_q.weight", [EmbeddingLength, EmbeddingLength]));
            tensors.Add(($"blk.{b}.attn_k.weight", [EmbeddingLength, kvDim]));
            tensors.Add(($"blk.{b}.attn_v.weight", [EmbeddingLength, kvDim]));
            tensors.Add(($"blk.{b}.attn_output.weight", [EmbeddingLength, EmbeddingLength]));
            tensors.Add(($"blk.{b}.ffn_norm.weight", [EmbeddingLength]));
            tensors.Add(($"blk.{b}.ffn_gate.weight", [EmbeddingLength, FeedForwardLength]));
            tensors.Add(($"blk.{b}.ffn_up.weight", [EmbeddingLength, FeedForwardLength]));
            tensors.Add(($"blk.{b}.ffn_down.weight", [FeedForwardLength, EmbeddingLength]));
        }

        using var stream = File.Create(path);
        using var w = new BinaryWriter(stream, Encoding.UTF8);
        var metadata = new List<Action>
        {
            () => String("general.architecture", "llama"),
            () => String("general.name", "tmo-edge-tiny-test"),
            () => UInt32("general.alignment", 32),
            () => UInt32("llama.context_length", ContextLength),
            () => UInt32("llama.embedding_length", EmbeddingLength),
            () => UInt32("llama.block_count", BlockCount),
            () => UInt32("llama.feed_forward_length", FeedForwardLength),
            () => UInt32("llama.attention.head_count", HeadCount),
            () => UInt32("llama.attention.head_count_kv", (uint)keyValueHeads),
            () => UInt32("llama.rope.dimension_count", (uint)headDim),
            () => Float32("llama.rope.freq_base", 10000f),
            () => Float32("llama.attention.layer_norm_rms_epsilon", 1e-5f),
            () => UInt32("llama.vocab_size", (uint)vocab),
            () => String("tokenizer.ggml.model", "llama"),
            () => StringArray("tokenizer.ggml.tokens", tokens),
            () => Float32Array("tokenizer.ggml.scores", scores),
            () => Int32Array("tokenizer.ggml.token_type", types),
            () => UInt32("tokenizer.ggml.unknown_token_id", 0),
            () => UInt32("tokenizer.ggml.bos_token_id", 1),
            () => UInt32("tokenizer.ggml.eos_token_id", EosId),
            () => Bool("tokenizer.ggml.add_bos_token", true),
            () => Bool("tokenizer.ggml.add_eos_token", false),
        };

        w.Write("GGUF"u8);
        w.Write(3u);
        w.Write((ulong)tensors.Count);
        w.Write((ulong)metadata.Count);
        metadata.ForEach(write => write());

        ulong offset = 0;
        foreach (var (name, shape) in tensors)
        {
            Str(name);
            w.Write((uint)shape.Length);
            foreach (var dim in shape)
            {
                w.Write((ulong)dim);
            }

            w.Write(0u); // GGML_TYPE_F32
            w.Write(offset);
            offset += Align((ulong)(shape.Aggregate(1L, (a, d) => a * d) * sizeof(float)));
        }

        Pad();
        var random = new Random(seed);
        foreach (var (name, shape) in tensors)
        {
            var count = shape.Aggregate(1L, (a, d) => a * d);
            var isNorm = name.EndsWith("norm.weight", StringComparison.Ordinal);
            for (long i = 0; i < count; i++)
            {
                var eosRow = name == "output.weight" && i / EmbeddingLength == EosId;
                w.Write(isNorm ? 1f : eosRow ? 0f : (float)((random.NextDouble() * 2) - 1) * 0.5f);
            }

            Pad();
        }

        void Str(string s)
        {
            var bytes = Encoding.UTF8.GetBytes(s);
            w.Write((ulong)bytes.Length);
            w.Write(bytes);
        }

        void Key(string key, uint type)
        {
            Str(key);
            w.Write(type);
        }

        void UInt32(string key, uint value)
        {
            Key(key, 4);
            w.Write(value);
        }

        void Float32(string key, float value)
        {
            Key(key, 6);
            w.Write(value);
        }

        void Bool(string key, bool value)
        {
            Key(key, 7);
            w.Write(value);
        }

        void String(string key, string value)
        {
            Key(key, 8);
            Str(value);
        }

        void StringArray(string key, IReadOnlyList<string> values)
        {
            Key(key, 9);
            w.Write(8u);
            w.Write((ulong)values.Count);
            foreach (var v in values)
            {
                Str(v);
            }
        }

        void Float32Array(string key, float[] values)
        {
            Key(key, 9);
            w.Write(6u);
            w.Write((ulong)values.Length);
            foreach (var v in values)
            {
                w.Write(v);
            }
        }

        void Int32Array(string key, int[] values)
        {
            Key(key, 9);
            w.Write(5u);
            w.Write((ulong)values.Length);
            foreach (var v in values)
            {
                w.Write(v);
            }
        }

        void Pad()
        {
            w.Flush();
            while (stream.Position % 32 != 0)
            {
                w.Write((byte)0);
            }
        }
    }

    private static ulong Align(ulong size) => (size + 31) / 32 * 32;
}
