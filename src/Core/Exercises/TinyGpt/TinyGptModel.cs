using NeuralNotebooks.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.TinyGpt;

/// <summary>
/// A decoder-only Transformer (a tiny GPT), character level: token embedding + positional encoding →
/// N pre-norm causal self-attention blocks (our decoder layers without cross-attention) → final
/// LayerNorm → linear head over the vocabulary. Trained to predict every next character at once; the
/// causal mask is what stops position t from reading the answer at t+1. Given the break characters, each
/// character also gets a learned embedding of its <see cref="LinePlace"/> (characters since the last punctuation),
/// added like the positional encoding: sinusoidal positions count from the window's start, which is nowhere in
/// particular in a poem.
/// </summary>
#region TinyGptModel
public sealed class TinyGptModel : nn.Module<Tensor, Tensor>
{
    private readonly Embedding tok_embed;
    private readonly Embedding? line_embed;
    private readonly PositionalEncoding position;
    private readonly DecoderStack blocks;
    private readonly Linear lm_head;

    public long VocabularySize { get; }
    public long ContextLength { get; }
    readonly double embeddingScale;
    readonly bool causal;
    readonly Tensor? isBreak;

    public TinyGptModel(long vocabularySize, long contextLength, long modelSize = 96, long heads = 4, long layers = 2,
        long hiddenSize = 256, double dropout = 0.1, bool causal = true, bool[]? lineBreaks = null) : base(nameof(TinyGptModel))
    {
        this.causal = causal;   // false only to see what goes wrong: every position then reads its own answer
        VocabularySize = vocabularySize;
        ContextLength = contextLength;
        embeddingScale = Math.Sqrt(modelSize);
        tok_embed = ScaledEmbedding.Create(vocabularySize, modelSize);   // N(0, 1/D): unit-sized after ×√D
        if (lineBreaks is not null)
        {
            line_embed = ScaledEmbedding.Create(LinePlace.Count, modelSize);
            isBreak = tensor(lineBreaks);                                 // (V): which ids end a line part
            register_buffer(nameof(isBreak), isBreak, persistent: false);
        }
        position = new PositionalEncoding(modelSize, contextLength, dropout);
        blocks = new DecoderStack(layers, modelSize, heads, hiddenSize, dropout, withCrossAttention: false);
        lm_head = nn.Linear(modelSize, vocabularySize);
        RegisterComponents();
    }

    /// <summary>tokens (B, T), T ≤ context length → next-token logits (B, T, V).</summary>
    public override Tensor forward(Tensor tokens)
    {
        InputChecks.Tokens(tokens, VocabularySize, GetType().Name, maxLength: ContextLength);
        var allowed = causal ? AttentionMask.Causal(tokens.shape[1], tokens.device) : null;   // (1, 1, T, T): t sees 0..t
        var x = tok_embed.call(tokens);                                       // (B, T, D)
        if (line_embed is not null) x = x + line_embed.call(LinePlace.Of(tokens, isBreak!));   // + where each character stands in its line
        x = position.call(x * embeddingScale);                               // (B, T, D)
        return lm_head.call(blocks.call(x, allowed, null, null));            // (B, T, V)
    }
}
#endregion
