using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Blocks;

/// <summary>
/// Sinusoidal positional encoding (Vaswani et al. 2017): PE[p, 2i] = sin(p / 10000^(2i/D)),
/// PE[p, 2i+1] = cos(p / 10000^(2i/D)). Attention alone is order-blind (permuting the keys permutes
/// nothing in the output), so position has to be added to the token embeddings. A buffer, not a
/// parameter: it moves with the model to the GPU but is never trained.
/// </summary>
public sealed class PositionalEncoding : nn.Module<Tensor, Tensor>
{
    private readonly Tensor pe;
    private readonly Dropout dropout;

    public long MaxLength { get; }

    public PositionalEncoding(long modelSize, long maxLength, double dropout = 0.0) : base(nameof(PositionalEncoding))
    {
        if (modelSize % 2 != 0) throw new ArgumentException($"sinusoidal encoding needs an even d_model, got {modelSize}.");
        MaxLength = maxLength;
        pe = Table(modelSize, maxLength).unsqueeze(0);                        // (1, maxLength, D)
        this.dropout = nn.Dropout(dropout);
        register_buffer(nameof(pe), pe, persistent: false);
        RegisterComponents();
    }

    /// <summary>x (B, T, D) → x + PE[:T], then dropout.</summary>
    public override Tensor forward(Tensor x)
    {
        if (x.dim() != 3 || x.shape[2] != pe.shape[2])
            throw new ArgumentException($"expected embeddings of shape [B, T, {pe.shape[2]}], got [{string.Join(", ", x.shape)}].");
        if (x.shape[1] > MaxLength)
            throw new ArgumentException($"sequence length {x.shape[1]} exceeds the positional encoding's maximum length {MaxLength}.");
        return dropout.call(x + pe.narrow(1, 0, x.shape[1]));                 // (B, T, D)
    }

    /// <summary>The table itself (maxLength, D), for plotting.</summary>
    public static Tensor Table(long modelSize, long maxLength)
    {
        var position = arange(maxLength, dtype: ScalarType.Float32).unsqueeze(1);                       // (L, 1)
        var frequency = exp(arange(0, modelSize, 2, dtype: ScalarType.Float32) * (-Math.Log(10000.0) / modelSize)); // (D/2)
        var angles = position * frequency;                                                               // (L, D/2)
        return stack([sin(angles), cos(angles)], dim: 2).view(maxLength, modelSize);                    // interleaved sin, cos
    }
}
