using NeuralNotebooks.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.SelfAttention;

/// <summary>
/// The smallest model in which attention must do all the work: token embedding + positional encoding,
/// ONE multi-head self-attention layer (no residual path), and a linear read-out per position. Trained
/// to output the input reversed, position i can only get its answer by attending to position T−1−i,
/// so the learned weights draw an anti-diagonal you can see.
/// </summary>
#region ReversalModel
public sealed class ReversalModel : nn.Module<Tensor, Tensor>
{
    private readonly Embedding embedding;
    private readonly PositionalEncoding position;
    private readonly MultiHeadAttention attention;
    private readonly Linear readout;

    public long VocabularySize { get; }
    public long Length { get; }
    public MultiHeadAttention Attention => attention;

    public ReversalModel(long vocabularySize, long length, long modelSize = 64, long heads = 2) : base(nameof(ReversalModel))
    {
        (VocabularySize, Length) = (vocabularySize, length);
        embedding = nn.Embedding(vocabularySize, modelSize);
        position = new PositionalEncoding(modelSize, length);   // the only way to know where T−1−i is
        attention = new MultiHeadAttention(modelSize, heads);
        readout = nn.Linear(modelSize, vocabularySize);
        RegisterComponents();
    }

    /// <summary>tokens (B, T) → logits (B, T, V).</summary>
    public override Tensor forward(Tensor tokens)
    {
        InputChecks.Tokens(tokens, VocabularySize, GetType().Name, maxLength: Length);
        var x = position.call(embedding.call(tokens));                        // (B, T, D)
        return readout.call(attention.call(x, x, x, null));                   // (B, T, V): no residual, attention must do it
    }
}
#endregion
