using NeuralNotebooks.Blocks;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.ImageTranslationGan;

/// <summary>
/// Domain B's look: a <b>bold</b> rendering, as if drawn with a broad marker — every pixel takes the brightest
/// value in its 3×3 neighbourhood (grey-level dilation), so light strokes and shapes grow by a pixel on each
/// side and thin dark gaps close. The notebook uses it only to make domain B's images from photos that domain A
/// never sees, and to know each validation and test photo's true bold version for measuring; the networks are
/// never told it. No brightness curve can do it: a pixel's new value depends on its neighbours.
/// </summary>
public static class BoldStyle
{
    /// <summary>Grey images (N, 1, H, W) → the same shape, each pixel the maximum of its 3×3 neighbourhood.</summary>
    public static Tensor Apply(Tensor images)
    {
        InputChecks.Images(images, nameof(BoldStyle), channels: 1);
        // Padding of a max pool counts as −∞, so the border takes the maximum of the pixels that exist.
        return nn.functional.max_pool2d(images, kernel_size: 3, stride: 1, padding: 1);
    }
}
