using NeuralNotebooks.Blocks;
using NeuralNotebooks.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.TransformerTranslation;

/// <summary>
/// The full encoder–decoder Transformer for translation (pre-norm). The encoder reads the source with a
/// padding mask; the decoder reads the target shifted right (BOS first) with a causal mask, so position
/// t predicts token t+1 from tokens ≤ t only, and cross-attends to the encoder memory. Trained with
/// teacher forcing and label smoothing; decoded greedily one token at a time.
/// </summary>
#region TransformerTranslator
public sealed class TransformerTranslator : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Embedding src_embed;
    private readonly Embedding tgt_embed;
    private readonly PositionalEncoding position;
    private readonly EncoderStack encoder;
    private readonly DecoderStack decoder;
    private readonly Linear generator;

    public long SourceVocabularySize { get; }
    public long TargetVocabularySize { get; }
    public long MaxLength { get; }
    public SpecialTokens Specials { get; }
    readonly double embeddingScale;

    public TransformerTranslator(long sourceVocabularySize, long targetVocabularySize, long maxLength, SpecialTokens specials,
        long modelSize = 64, long heads = 4, long encoderLayers = 2, long decoderLayers = 2, long hiddenSize = 128, double dropout = 0.1)
        : base(nameof(TransformerTranslator))
    {
        SourceVocabularySize = sourceVocabularySize;
        TargetVocabularySize = targetVocabularySize;
        MaxLength = maxLength;
        Specials = specials;
        embeddingScale = Math.Sqrt(modelSize);
        src_embed = ScaledEmbedding.Create(sourceVocabularySize, modelSize, specials.Pad);   // N(0, 1/D): unit-sized after ×√D
        tgt_embed = ScaledEmbedding.Create(targetVocabularySize, modelSize, specials.Pad);
        position = new PositionalEncoding(modelSize, maxLength, dropout);
        encoder = new EncoderStack(encoderLayers, modelSize, heads, hiddenSize, dropout);
        decoder = new DecoderStack(decoderLayers, modelSize, heads, hiddenSize, dropout);
        generator = nn.Linear(modelSize, targetVocabularySize);
        RegisterComponents();
    }

    public DecoderStack Decoder => decoder;

    /// <summary>True (the default): the decoder's self-attention is causal. False only to show what goes wrong without it.</summary>
    public bool Causal { get; init; } = true;

    /// <summary>source (B, S), target input (B, T) = BOS y1 … y(T−1) → next-token logits (B, T, V).</summary>
    public override Tensor forward(Tensor source, Tensor targetInput)
    {
        var (memory, sourceAllowed) = Encode(source);
        return Decode(targetInput, memory, sourceAllowed);
    }

    /// <summary>source (B, S) → memory (B, S, D) and the source padding mask (B, 1, 1, S).</summary>
    public (Tensor Memory, Tensor SourceAllowed) Encode(Tensor source)
    {
        InputChecks.Tokens(source, SourceVocabularySize, GetType().Name, maxLength: MaxLength, what: "source tokens");
        var allowed = AttentionMask.FromTokens(source, Specials.Pad);         // (B, 1, 1, S)
        var x = position.call(src_embed.call(source) * embeddingScale);       // (B, S, D)
        return (encoder.call(x, allowed), allowed);                           // (B, S, D)
    }

    /// <summary>target input (B, T) + memory → logits (B, T, V).</summary>
    public Tensor Decode(Tensor targetInput, Tensor memory, Tensor sourceAllowed)
    {
        InputChecks.Tokens(targetInput, TargetVocabularySize, GetType().Name, maxLength: MaxLength, what: "target tokens");
        var selfAllowed = Causal ? AttentionMask.CausalWithPadding(targetInput, Specials.Pad)   // (B, 1, T, T)
            : AttentionMask.FromTokens(targetInput, Specials.Pad);                               // (B, 1, 1, T): sees the future, the guide's bug
        var y = position.call(tgt_embed.call(targetInput) * embeddingScale);            // (B, T, D)
        return generator.call(decoder.call(y, selfAllowed, memory, sourceAllowed));     // (B, T, V)
    }
}
#endregion
