using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Blocks;

/// <summary>
/// One encoder layer, pre-norm: x + SelfAttention(LayerNorm(x)), then x + FeedForward(LayerNorm(x)).
/// Pre-norm (GPT-2, most modern models) keeps an unnormalised residual path from input to output, so
/// deep stacks train without the learning-rate warm-up the original post-norm layout needs; the stack
/// then ends with one final LayerNorm (<see cref="EncoderStack"/>).
/// </summary>
public sealed class EncoderLayer : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly LayerNorm norm1;
    private readonly MultiHeadAttention self_attn;
    private readonly Dropout dropout1;
    private readonly LayerNorm norm2;
    private readonly FeedForward ff;
    private readonly Dropout dropout2;

    public EncoderLayer(long modelSize, long heads, long hiddenSize, double dropout = 0.1) : base(nameof(EncoderLayer))
    {
        norm1 = nn.LayerNorm(modelSize);
        self_attn = new MultiHeadAttention(modelSize, heads, dropout);
        dropout1 = nn.Dropout(dropout);
        norm2 = nn.LayerNorm(modelSize);
        ff = new FeedForward(modelSize, hiddenSize, dropout);
        dropout2 = nn.Dropout(dropout);
        RegisterComponents();
    }

    public MultiHeadAttention SelfAttention => self_attn;

    /// <summary>x (B, T, D); mask broadcastable to (B, H, T, T), true = may attend (e.g. <see cref="AttentionMask.FromTokens"/>).</summary>
    public override Tensor forward(Tensor x, Tensor? allowed)
    {
        var h = norm1.call(x);
        x = x + dropout1.call(self_attn.call(h, h, h, allowed));              // (B, T, D)
        return x + dropout2.call(ff.call(norm2.call(x)));                     // (B, T, D)
    }
}
