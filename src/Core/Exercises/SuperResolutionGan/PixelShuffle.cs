using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.SuperResolutionGan;

/// <summary>
/// Pixel shuffle (sub-pixel convolution, Shi et al. 2016), written out: a convolution produces r² times
/// the channels at low resolution, and this rearrangement moves each group of r² channels into an r×r
/// block of pixels: (N, C·r², H, W) → (N, C, H·r, W·r). Nothing is learnt here; the learning is in the
/// convolution before it, which is why it upsamples without the checkerboard artefacts a stride-2
/// transposed convolution tends to leave. Tested against TorchSharp's <c>nn.PixelShuffle</c>.
/// </summary>
#region PixelShuffle
public sealed class PixelShuffle : nn.Module<Tensor, Tensor>
{
    public int Factor { get; }

    public PixelShuffle(int factor) : base(nameof(PixelShuffle))
    {
        if (factor < 1) throw new ArgumentOutOfRangeException(nameof(factor), factor, "the upscale factor must be ≥ 1.");
        Factor = factor;
    }

    public override Tensor forward(Tensor x)
    {
        long r = Factor;
        if (x.dim() != 4 || x.shape[1] % (r * r) != 0)
            throw new ArgumentException($"{nameof(PixelShuffle)}: expected input of shape [N, C·{r * r}, H, W] (channels a multiple of {r}² = {r * r}), got [{string.Join(", ", x.shape)}].");
        var (n, c, h, w) = (x.shape[0], x.shape[1] / (r * r), x.shape[2], x.shape[3]);
        return x.view(n, c, r, r, h, w)          // channel index = c·r² + i·r + j
                .permute(0, 1, 4, 2, 5, 3)       // (N, C, H, r_i, W, r_j)
                .reshape(n, c, h * r, w * r);    // row h·r + i, column w·r + j
    }
}
#endregion
