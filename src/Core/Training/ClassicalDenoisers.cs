using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Training;

/// <summary>One classical filter at one strength: a denoiser with nothing to learn.</summary>
public sealed record ClassicalDenoiser(string Name, double Strength, Func<Tensor, Tensor> Apply)
{
    public override string ToString() => Name;
}

/// <summary>The validation PSNR of every candidate filter, and the best one.</summary>
public sealed record ClassicalChoice(ClassicalDenoiser Best, IReadOnlyList<(ClassicalDenoiser Filter, double ValidationPsnr)> Candidates)
{
    public double BestValidationPsnr => Candidates.Max(c => c.ValidationPsnr);

    public override string ToString() =>
        string.Join("\n", Candidates.Select(c => $"{c.Filter,-22} validation PSNR {c.ValidationPsnr:F2} dB{(c.Filter == Best ? "  ← best" : "")}"));
}

/// <summary>
/// The baseline a learned denoiser has to beat: a Gaussian blur and a median filter, their strength (σ, window) chosen
/// by PSNR on validation images — never on the test images. Images are [N, C, H, W]; edges are reflected, so a
/// constant image stays constant. Each channel is filtered on its own.
/// </summary>
public static class ClassicalDenoisers
{
    /// <summary>Gaussian σ (pixels) and median windows tried by <see cref="ChooseOnValidation"/>.</summary>
    public static readonly double[] Sigmas = [0.5, 0.7, 1.0, 1.4, 2.0];
    public static readonly int[] Windows = [3, 5];

    /// <summary>Every candidate filter: a Gaussian blur per σ, a median filter per window.</summary>
    public static IReadOnlyList<ClassicalDenoiser> Candidates() =>
        [.. Sigmas.Select(s => new ClassicalDenoiser($"Gaussian blur σ={s}", s, x => GaussianBlur(x, s))),
         .. Windows.Select(w => new ClassicalDenoiser($"median {w}×{w}", w, x => Median(x, w)))];

    /// <summary>The candidate with the highest PSNR between its output on <paramref name="noisy"/> and <paramref name="clean"/>.</summary>
    public static ClassicalChoice ChooseOnValidation(Tensor noisy, Tensor clean)
    {
        var scored = Candidates().Select(f => (f, Metrics.Psnr(Filtered(f, noisy), clean))).ToArray();
        return new ClassicalChoice(scored.MaxBy(c => c.Item2).f, scored);
    }

    /// <summary>The filter's output, computed without gradients and freed from the caller's dispose scope.</summary>
    public static Tensor Filtered(ClassicalDenoiser filter, Tensor noisy)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return filter.Apply(noisy).MoveToOuterDisposeScope();
    }

    /// <summary>A (size × size) Gaussian kernel with standard deviation σ, normalised to sum to 1; size = 2·⌈2σ⌉ + 1.</summary>
    public static Tensor GaussianKernel(double sigma, Device? device = null)
    {
        if (!(sigma > 0)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "σ must be positive.");
        var radius = (int)Math.Ceiling(2 * sigma);
        using var scope = NewDisposeScope();
        var offsets = arange(-radius, radius + 1, dtype: float32, device: device);
        var g = (-(offsets.square()) / (2 * sigma * sigma)).exp();
        var kernel = g.outer(g);
        return (kernel / kernel.sum()).MoveToOuterDisposeScope();
    }

    /// <summary>Gaussian blur of images [N, C, H, W] (reflected edges).</summary>
    public static Tensor GaussianBlur(Tensor images, double sigma)
    {
        CheckImages(images);
        using var scope = NewDisposeScope();
        var kernel = GaussianKernel(sigma, images.device).to_type(images.dtype);
        var r = (kernel.shape[0] - 1) / 2;
        var flat = images.reshape(-1, 1, images.shape[2], images.shape[3]);                  // (N·C, 1, H, W)
        var padded = nn.functional.pad(flat, [r, r, r, r], PaddingModes.Reflect);
        var blurred = nn.functional.conv2d(padded, kernel.view(1, 1, kernel.shape[0], kernel.shape[1]));
        return blurred.reshape(images.shape).MoveToOuterDisposeScope();
    }

    /// <summary>Median of each (window × window) neighbourhood of images [N, C, H, W] (odd window, reflected edges).</summary>
    public static Tensor Median(Tensor images, int window)
    {
        CheckImages(images);
        if (window < 1 || window % 2 == 0) throw new ArgumentOutOfRangeException(nameof(window), window, "the window must be odd.");
        using var scope = NewDisposeScope();
        var r = window / 2;
        var flat = images.reshape(-1, 1, images.shape[2], images.shape[3]);                  // (N·C, 1, H, W)
        var padded = nn.functional.pad(flat, [r, r, r, r], PaddingModes.Reflect);
        var patches = nn.functional.unfold(padded, window);                                   // (N·C, w², H·W)
        var (sorted, _) = patches.sort(1);
        var median = sorted[.., window * window / 2];                                         // the middle of w² values
        return median.reshape(images.shape).MoveToOuterDisposeScope();
    }

    static void CheckImages(Tensor images)
    {
        if (images.dim() != 4)
            throw new ArgumentException($"expected images of shape [N, C, H, W], got [{string.Join(", ", images.shape)}].");
    }
}
