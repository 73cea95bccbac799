using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Blocks;

/// <summary>N pre-norm <see cref="EncoderLayer"/>s and the final LayerNorm a pre-norm stack needs.</summary>
public sealed class EncoderStack : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly ModuleList<EncoderLayer> layers;
    private readonly LayerNorm norm;

    public EncoderStack(long layerCount, long modelSize, long heads, long hiddenSize, double dropout = 0.1) : base(nameof(EncoderStack))
    {
        layers = nn.ModuleList(Enumerable.Range(0, (int)layerCount).Select(_ => new EncoderLayer(modelSize, heads, hiddenSize, dropout)).ToArray());
        norm = nn.LayerNorm(modelSize);
        RegisterComponents();
    }

    public IReadOnlyList<EncoderLayer> Layers => layers.ToArray();

    /// <summary>x (B, T, D), mask (B, 1, 1, T) true at real tokens → (B, T, D).</summary>
    public override Tensor forward(Tensor x, Tensor? allowed)
    {
        foreach (var layer in layers) x = layer.call(x, allowed);
        return norm.call(x);
    }
}
