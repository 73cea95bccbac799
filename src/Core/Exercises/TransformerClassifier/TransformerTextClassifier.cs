using NeuralNotebooks.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.TransformerClassifier;

/// <summary>
/// A Transformer encoder that classifies a whole text: token embedding (scaled by √D) + sinusoidal
/// positional encoding → N pre-norm encoder layers whose attention never looks at padding → mean over
/// the real tokens only → linear classifier. The interview point: the padding mask has to reach both
/// the attention (keys) and the pooling, or the prediction depends on how much padding a batch has.
/// </summary>
#region TransformerTextClassifier
public sealed class TransformerTextClassifier : nn.Module<Tensor, Tensor>
{
    private readonly Embedding embedding;
    private readonly PositionalEncoding position;
    private readonly EncoderStack encoder;
    private readonly Linear classifier;

    public long VocabularySize { get; }
    public long PadId { get; }
    public long MaxLength { get; }
    readonly double embeddingScale;

    public TransformerTextClassifier(long vocabularySize, long classes, long maxLength, long modelSize = 64, long heads = 4,
        long layers = 2, long hiddenSize = 128, double dropout = 0.1, long padId = 0) : base(nameof(TransformerTextClassifier))
    {
        VocabularySize = vocabularySize;
        PadId = padId;
        MaxLength = maxLength;
        embeddingScale = Math.Sqrt(modelSize);
        embedding = ScaledEmbedding.Create(vocabularySize, modelSize, padId);   // N(0, 1/D): unit-sized after ×√D
        position = new PositionalEncoding(modelSize, maxLength, dropout);
        encoder = new EncoderStack(layers, modelSize, heads, hiddenSize, dropout);
        classifier = nn.Linear(modelSize, classes);
        RegisterComponents();
    }

    public EncoderStack Encoder => encoder;

    /// <summary>tokens (B, T) padded with <see cref="PadId"/> at the end → class logits (B, C).</summary>
    public override Tensor forward(Tensor tokens)
    {
        InputChecks.Tokens(tokens, VocabularySize, GetType().Name, maxLength: MaxLength);
        var allowed = AttentionMask.FromTokens(tokens, PadId);                // (B, 1, 1, T)
        var x = position.call(embedding.call(tokens) * embeddingScale);       // (B, T, D)
        var h = encoder.call(x, allowed);                                     // (B, T, D)
        var real = tokens.ne(PadId).unsqueeze(-1).to(h.dtype);                // (B, T, 1)
        var pooled = (h * real).sum(1) / real.sum(1).clamp_min(1);            // (B, D) mean over real tokens
        return classifier.call(pooled);                                       // (B, C)
    }
}
#endregion
