using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice.References;

/// <summary>
/// Exercise 12's reference: sub-pixel upsampling (pixel shuffle), (B, C·r², H, W) → (B, C, H·r, W·r), as the course's
/// SrGenerator does it in src/Core/Exercises/SuperResolutionGan/PixelShuffle.cs: each group of r² channels becomes an
/// r×r block of pixels. A pure rearrangement — nothing is learnt here; the convolution before it learns.
/// </summary>
public sealed class PixelShuffleReference
{
    #region Exercise12
    Tensor PixelShuffle(Tensor x, int factor)
    {
        long r = factor;
        var (b, c, h, w) = (x.shape[0], x.shape[1] / (r * r), x.shape[2], x.shape[3]);
        // Input channel index = c·r² + i·r + j: the output channel first, then the row and column inside the r×r block.
        return x.view(b, c, r, r, h, w)
                .permute(0, 1, 4, 2, 5, 3)       // (B, C, H, r_i, W, r_j): each block's row next to its pixel row
                .reshape(b, c, h * r, w * r);    // output row h·r + i, column w·r + j
    }
    #endregion

    /// <summary>The reference as the grader calls it.</summary>
    public static Delegate[] Functions() => [new Func<Tensor, int, Tensor>(new PixelShuffleReference().PixelShuffle)];
}
