using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.ImageTranslationGan;

/// <summary>
/// The strongest simple baseline that, like CycleGAN, learns from two <i>unpaired</i> collections: a
/// pixel-by-pixel brightness curve that gives domain A's pixels the brightness distribution of domain B's
/// (histogram matching: a pixel at quantile q of A's pixels becomes B's pixel value at quantile q). The curve
/// only ever rises: it can reshape brightness but never look at a pixel's neighbours or turn brightness around.
/// </summary>
public sealed class HistogramMatching
{
    private readonly float[] sourceLevels;
    private readonly float[] targetLevels;

    private HistogramMatching(float[] sourceLevels, float[] targetLevels) =>
        (this.sourceLevels, this.targetLevels) = (sourceLevels, targetLevels);

    /// <summary>Fits the curve from the pixels of two image collections (any shapes; they need not correspond).</summary>
    public static HistogramMatching Fit(Tensor source, Tensor target, int levels = 256)
    {
        using var scope = NewDisposeScope();
        return new HistogramMatching(Quantiles(source, levels), Quantiles(target, levels));
    }

    /// <summary>Maps every pixel through the curve: (any shape) → same shape, on the input's device.</summary>
    public Tensor Apply(Tensor images)
    {
        using var scope = NewDisposeScope();
        var from = tensor(sourceLevels, device: images.device);
        var to = tensor(targetLevels, device: images.device);
        // The pixel's quantile among the source pixels; ties (MNIST's many zeros) take the first level.
        var index = searchsorted(from, images.contiguous().flatten()).clamp_max(sourceLevels.Length - 1);
        return to.index_select(0, index).view(images.shape).MoveToOuterDisposeScope();
    }

    static float[] Quantiles(Tensor images, int levels)
    {
        var sorted = images.flatten().sort().Values.cpu();
        var at = linspace(0, sorted.shape[0] - 1, levels).round().to(ScalarType.Int64);
        return sorted.index_select(0, at).data<float>().ToArray();
    }
}
