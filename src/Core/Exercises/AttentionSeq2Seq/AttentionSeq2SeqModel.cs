using NeuralNotebooks.Blocks;
using NeuralNotebooks.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.AttentionSeq2Seq;

/// <summary>
/// A GRU encoder–decoder with Bahdanau attention for response generation. <see cref="forward"/> is the
/// teacher-forced training pass (the decoder sees the true previous token at every step);
/// <see cref="Greedy"/> and <see cref="Beam"/> generate without the answer, stopping at EOS or a maximum
/// length, and return the attention weights of each generated token for a heatmap.
/// </summary>
public sealed class AttentionSeq2SeqModel : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Seq2SeqEncoder encoder;
    private readonly AttentionDecoder decoder;

    public long SourceVocabularySize { get; }
    public long TargetVocabularySize { get; }
    public SpecialTokens Specials { get; }

    /// <summary>
    /// <paramref name="attention"/> maps (decoder state (B, H), projected keys (B, S, H), encoder outputs (B, S, H), allowed (B, S))
    /// to (context (B, H), weights (B, S)); by default Core's <see cref="BahdanauAttention"/>(H, H).
    /// </summary>
    public AttentionSeq2SeqModel(long sourceVocabularySize, long targetVocabularySize, SpecialTokens specials,
        long embeddingSize = 64, long hiddenSize = 128, nn.Module<Tensor, Tensor, Tensor, Tensor, (Tensor Context, Tensor Weights)>? attention = null)
        : base(nameof(AttentionSeq2SeqModel))
    {
        SourceVocabularySize = sourceVocabularySize;
        TargetVocabularySize = targetVocabularySize;
        Specials = specials;
        encoder = new Seq2SeqEncoder(sourceVocabularySize, embeddingSize, hiddenSize, specials.Pad);
        decoder = new AttentionDecoder(targetVocabularySize, embeddingSize, hiddenSize, hiddenSize, specials.Pad, attentionSize: hiddenSize, attention);
        RegisterComponents();
    }

    /// <summary>Teacher forcing: source (B, S), target input (B, T) = BOS y1 … → logits (B, T, V).</summary>
    public override Tensor forward(Tensor source, Tensor targetInput)
    {
        InputChecks.Tokens(targetInput, TargetVocabularySize, GetType().Name, what: "target tokens");
        var memory = Encode(source);
        var hidden = memory.Final;
        var steps = new List<Tensor>();
        for (var t = 0; t < targetInput.shape[1]; t++)
        {
            (var logits, hidden, _) = decoder.call(targetInput[.., t], hidden, memory.Keys, memory.Outputs, memory.Allowed);
            steps.Add(logits);
        }
        return stack(steps, 1);                                               // (B, T, V)
    }

    /// <summary>
    /// Greedy decoding of a batch: tokens per row (no BOS/EOS) and, per row, one attention row (S) per generated token.
    /// The source is moved to the model's device.
    /// </summary>
    public Generation Greedy(Tensor source, int maxLength)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        source = source.On(this);   // callers pass host tensors; the model may be on a GPU
        var memory = Encode(source);
        var rows = (int)source.shape[0];
        var tokens = Enumerable.Range(0, rows).Select(_ => new List<long>()).ToArray();
        var attention = Enumerable.Range(0, rows).Select(_ => new List<float[]>()).ToArray();
        var finished = new bool[rows];
        var previous = full(rows, Specials.Bos, dtype: ScalarType.Int64, device: source.device);
        var hidden = memory.Final;
        for (var step = 0; step < maxLength && finished.Contains(false); step++)
        {
            (var logits, hidden, var weights) = decoder.call(previous, hidden, memory.Keys, memory.Outputs, memory.Allowed);
            previous = SequenceDecoding.NeverPadOrBos(logits, Specials).argmax(-1);   // (B)
            var chosen = previous.cpu().data<long>().ToArray();
            var w = weights.cpu();
            for (var r = 0; r < rows; r++)
            {
                if (finished[r]) continue;
                if (chosen[r] == Specials.Eos) { finished[r] = true; continue; }
                tokens[r].Add(chosen[r]);
                attention[r].Add(w[r].data<float>().ToArray());
            }
        }
        return new Generation(tokens.Select(t => t.ToArray()).ToArray(), attention.Select(a => a.ToArray()).ToArray());
    }

    /// <summary>Beam search for one source (1, S), moved to the model's device; beam width 1 gives exactly the greedy answer.</summary>
    public BeamResult Beam(Tensor source, int beamWidth, int maxLength, double lengthPenalty = 0.0)
    {
        if (source.dim() != 2 || source.shape[0] != 1)
            throw new ArgumentException($"beam search decodes one source at a time: expected shape [1, S], got [{string.Join(", ", source.shape)}].");
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        source = source.On(this);
        var memory = Encode(source);
        // Prefixes are re-run from BOS each step: simple, and cheap at these lengths.
        return SequenceDecoding.BeamSearch(prefixes => NextLogits(prefixes, memory), beamWidth, Specials, maxLength, this, lengthPenalty);
    }

    Tensor NextLogits(Tensor prefixes, EncodedSource memory)
    {
        var k = prefixes.shape[0];
        var keys = memory.Keys.expand(k, -1, -1);
        var outputs = memory.Outputs.expand(k, -1, -1);
        var allowed = memory.Allowed.expand(k, -1);
        var hidden = memory.Final.expand(k, -1);
        Tensor logits = null!;
        for (var t = 0; t < prefixes.shape[1]; t++)
            (logits, hidden, _) = decoder.call(prefixes[.., t], hidden, keys, outputs, allowed);
        return logits;                                                        // (K, V)
    }

    EncodedSource Encode(Tensor source)
    {
        InputChecks.Tokens(source, SourceVocabularySize, GetType().Name, what: "source tokens");
        var (outputs, final) = encoder.call(source);
        return new EncodedSource(outputs, final, decoder.ProjectKeys(outputs), source.ne(Specials.Pad));
    }

    sealed record EncodedSource(Tensor Outputs, Tensor Final, Tensor Keys, Tensor Allowed);
}

/// <summary>Generated token ids per row (without BOS/EOS) and the attention over the source for each generated token.</summary>
public sealed record Generation(long[][] Tokens, float[][][] Attention);
