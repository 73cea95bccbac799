using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Blocks;

/// <summary>N pre-norm <see cref="DecoderLayer"/>s and a final LayerNorm. Without cross-attention it is a GPT's body.</summary>
public sealed class DecoderStack : nn.Module<Tensor, Tensor?, Tensor?, Tensor?, Tensor>
{
    private readonly ModuleList<DecoderLayer> layers;
    private readonly LayerNorm norm;

    public DecoderStack(long layerCount, long modelSize, long heads, long hiddenSize, double dropout = 0.1, bool withCrossAttention = true) : base(nameof(DecoderStack))
    {
        layers = nn.ModuleList(Enumerable.Range(0, (int)layerCount).Select(_ => new DecoderLayer(modelSize, heads, hiddenSize, dropout, withCrossAttention)).ToArray());
        norm = nn.LayerNorm(modelSize);
        RegisterComponents();
    }

    public IReadOnlyList<DecoderLayer> Layers => layers.ToArray();

    /// <summary>x (B, Tt, D), causal mask, memory (B, Ts, D) or null, memory mask (B, 1, 1, Ts) → (B, Tt, D).</summary>
    public override Tensor forward(Tensor x, Tensor? selfAllowed, Tensor? memory, Tensor? memoryAllowed)
    {
        foreach (var layer in layers) x = layer.call(x, selfAllowed, memory, memoryAllowed);
        return norm.call(x);
    }
}
