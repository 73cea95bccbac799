using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Blocks;

/// <summary>
/// One decoder layer, pre-norm like <see cref="EncoderLayer"/>: causal self-attention over the target
/// so far, then cross-attention from the target (queries) to the encoder's memory (keys and values),
/// then the feed-forward block; each wrapped as x + Sublayer(LayerNorm(x)). Without a memory (null) the
/// cross-attention is skipped, which makes it a GPT block.
/// </summary>
public sealed class DecoderLayer : nn.Module<Tensor, Tensor?, Tensor?, Tensor?, Tensor>
{
    private readonly LayerNorm norm1;
    private readonly MultiHeadAttention self_attn;
    private readonly Dropout dropout1;
    private readonly LayerNorm norm2;
    private readonly MultiHeadAttention cross_attn;
    private readonly Dropout dropout2;
    private readonly LayerNorm norm3;
    private readonly FeedForward ff;
    private readonly Dropout dropout3;

    public DecoderLayer(long modelSize, long heads, long hiddenSize, double dropout = 0.1, bool withCrossAttention = true) : base(nameof(DecoderLayer))
    {
        norm1 = nn.LayerNorm(modelSize);
        self_attn = new MultiHeadAttention(modelSize, heads, dropout);
        dropout1 = nn.Dropout(dropout);
        if (withCrossAttention)
        {
            norm2 = nn.LayerNorm(modelSize);
            cross_attn = new MultiHeadAttention(modelSize, heads, dropout);
            dropout2 = nn.Dropout(dropout);
        }
        else
        {
            norm2 = null!; cross_attn = null!; dropout2 = null!;
        }
        norm3 = nn.LayerNorm(modelSize);
        ff = new FeedForward(modelSize, hiddenSize, dropout);
        dropout3 = nn.Dropout(dropout);
        RegisterComponents();
    }

    public MultiHeadAttention SelfAttention => self_attn;
    public MultiHeadAttention? CrossAttention => cross_attn;

    /// <summary>
    /// x (B, Tt, D) target so far; selfAllowed (B|1, 1, Tt, Tt) causal (+ padding) mask; memory (B, Ts, D)
    /// from the encoder or null; memoryAllowed (B, 1, 1, Ts) the source's padding mask.
    /// </summary>
    public override Tensor forward(Tensor x, Tensor? selfAllowed, Tensor? memory, Tensor? memoryAllowed)
    {
        var h = norm1.call(x);
        x = x + dropout1.call(self_attn.call(h, h, h, selfAllowed));          // (B, Tt, D)
        if (memory is not null)
        {
            if (cross_attn is null) throw new InvalidOperationException("this decoder layer was built without cross-attention; pass no memory.");
            x = x + dropout2.call(cross_attn.call(norm2.call(x), memory, memory, memoryAllowed)); // (B, Tt, D)
        }
        return x + dropout3.call(ff.call(norm3.call(x)));                     // (B, Tt, D)
    }
}
