using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.SuperResolutionGan;

/// <summary>
/// The strongest simple baseline of exercise 12, no learning in it: bicubic ×2, an unsharp mask
/// <c>up + s · (up − blur(up))</c> (3×3 binomial blur), then one step of <b>back-projection</b>: each 2×2 block of
/// the result is shifted so that its average equals the low-resolution pixel it came from. Our low-resolution
/// images are exactly 2×2 averages, so the true image satisfies that constraint; adding the nearest-neighbour
/// upsampling of <c>lowRes − avgpool(x)</c> is the orthogonal projection onto the images that satisfy it, which
/// can only bring an estimate closer to the truth (and clamping to [0, 1] after it is another such projection).
/// Only the strength <c>s</c> is a choice, made on validation tiles, never on test.
/// </summary>
public static class ClassicalUpsampling
{
    /// <summary>The strengths tried on validation: 0 (bicubic + back-projection) to 3 in steps of 0.25.</summary>
    public static readonly double[] Strengths = Enumerable.Range(0, 13).Select(i => i * 0.25).ToArray();

    /// <summary>A 3×3 binomial blur of (N, C, H, W) images, each channel on its own, edges replicated.</summary>
    public static Tensor Blur(Tensor images)
    {
        using var scope = NewDisposeScope();
        var taps = tensor(new float[] { 1, 2, 1 }, device: images.device, dtype: images.dtype);
        var kernel = (taps.outer(taps) / 16).expand(images.shape[1], 1, 3, 3);        // one blur per channel
        var padded = nn.functional.pad(images, [1, 1, 1, 1], PaddingModes.Replicate);
        return nn.functional.conv2d(padded, kernel, groups: images.shape[1]).MoveToOuterDisposeScope();
    }

    /// <summary>Bicubic ×2 sharpened with strength <paramref name="strength"/> (0: plain bicubic), clamped to [0, 1].</summary>
    public static Tensor Sharpened(Tensor lowRes, double strength)
    {
        using var scope = NewDisposeScope();
        var up = SrGenerator.Bicubic(lowRes);
        return (up + strength * (up - Blur(up))).clamp(0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>Shifts each 2×2 block of <paramref name="highRes"/> so that it averages to its pixel of <paramref name="lowRes"/>; clamped to [0, 1].</summary>
    public static Tensor BackProjected(Tensor highRes, Tensor lowRes)
    {
        using var scope = NewDisposeScope();
        var missing = lowRes - nn.functional.avg_pool2d(highRes, SrGenerator.Scale);   // (N, C, H, W)
        var correction = nn.functional.interpolate(missing, scale_factor: [SrGenerator.Scale, SrGenerator.Scale], mode: InterpolationMode.Nearest);
        return (highRes + correction).clamp(0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>The baseline: sharpened bicubic, back-projected.</summary>
    public static Tensor Upsample(Tensor lowRes, double strength)
    {
        using var scope = NewDisposeScope();
        return BackProjected(Sharpened(lowRes, strength), lowRes).MoveToOuterDisposeScope();
    }

    /// <summary>The strength of <see cref="Strengths"/> with the best PSNR of <see cref="Upsample"/> on the given (validation) pairs.</summary>
    public static double ChooseStrength(Tensor lowRes, Tensor highRes)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return Strengths.MaxBy(s => NeuralNotebooks.Training.Metrics.Psnr(Upsample(lowRes, s), highRes));
    }
}
