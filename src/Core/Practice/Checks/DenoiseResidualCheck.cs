using TorchSharp;
using static TorchSharp.torch;
using DenoiseFunction = System.Func<TorchSharp.torch.Tensor, TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>, TorchSharp.torch.Tensor>;
using PsnrFunction = System.Func<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, double, double>;

namespace NeuralNotebooks.Practice.Checks;

/// <summary>
/// Exercise 20: DnCNN's residual learning, Denoise(noisy, noiseNet) = noisy − noiseNet(noisy), and its metric,
/// Psnr(denoised, clean, dataRange) averaged per image. The output itself is graded, not a loss: mse(noisy − f, clean)
/// equals mse(f, noisy − clean), so a loss value cannot tell the residual apart from its mistakes.
/// </summary>
public sealed class DenoiseResidualCheck : IExerciseCheck
{
    static readonly Delegate[] Reference = References.DenoiseResidualReference.Functions();
    static readonly DenoiseFunction ReferenceDenoise = (DenoiseFunction)Reference[0];
    static readonly PsnrFunction ReferencePsnr = (PsnrFunction)Reference[1];

    const string Residual = "the net predicts the noise, so the image is the input minus it: noisy − noiseNet.call(noisy)";

    /// <summary>A net that returns a fixed function of its input: zeros, or the input itself.</summary>
    sealed class Fixed(Func<Tensor, Tensor> f) : nn.Module<Tensor, Tensor>("Fixed")
    {
        public override Tensor forward(Tensor x) => f(x);
    }

    public IReadOnlyList<PropertyResult> Run(Learner learner, int seed)
    {
        var kit = new CheckKit(seed);
        var denoise = learner.Function<DenoiseFunction>(0);
        var psnr = learner.Function<PsnrFunction>(1);
        Tensor Denoise(Tensor noisy, nn.Module<Tensor, Tensor> net) => learner.Run(0, () => denoise(noisy, net));
        double Psnr(Tensor a, Tensor b, double range) => learner.Run(1, () => psnr(a, b, range));

        return CheckKit.InOrder(
            ("shapes", [], () => Shapes(kit, Denoise)),
            ("residual", ["shapes"], () => IsResidual(kit, Denoise)),
            ("values", ["shapes"], () => Values(kit, Denoise)),
            ("gradients reach the net", ["shapes"], () => Gradients(kit, Denoise)),
            ("PSNR per image", [], () => PsnrPerImage(kit, Psnr)),
            ("PSNR data range", [], () => PsnrRange(kit, Psnr)),
            ("PSNR of identical images", [], () => PsnrIdentical(kit, Psnr)));
    }

    /// <summary>A small seeded noise net: conv → ReLU → conv (its output has both signs, as a noise estimate must).</summary>
    static nn.Module<Tensor, Tensor> Net(CheckKit kit, int channels, ScalarType dtype)
    {
        var net = nn.Sequential(nn.Conv2d(channels, 4, 3, padding: 1), nn.ReLU(), nn.Conv2d(4, channels, 3, padding: 1));
        net.to(dtype);
        // Weights from the check's own generator (the global one is the learner's): reproducible, both signs.
        using (torch.no_grad())
            foreach (var p in net.parameters()) p.copy_(0.3 * kit.Randn(dtype, p.shape));
        return net;
    }

    static Tensor Images(CheckKit kit, ScalarType dtype, int batch, int channels) => kit.Rand(dtype, batch, channels, kit.Int(4, 7), kit.Int(4, 7));

    static PropertyResult Shapes(CheckKit kit, Func<Tensor, nn.Module<Tensor, Tensor>, Tensor> denoise)
    {
        foreach (var batch in kit.Batches())
        {
            var channels = kit.Int(1, 3);
            var noisy = Images(kit, ScalarType.Float32, batch, channels);
            var got = denoise(noisy, Net(kit, channels, ScalarType.Float32));
            if (got is null || !got.shape.SequenceEqual(noisy.shape))
                return PropertyResult.Fail("shapes", $"noisy {TensorDiff.Shape(noisy)}: expected {TensorDiff.Shape(noisy)}, got {(got is null ? "null" : TensorDiff.Shape(got))}.",
                    "the denoised batch has the noisy batch's shape: the net keeps the size (padding 1, no stride) and the subtraction is element-wise.");
        }
        return PropertyResult.Pass("shapes", "the denoised batch has the noisy batch's shape, batch 1 and others, 1–3 channels.");
    }

    /// <summary>A net that predicts no noise gives the input back; a net that predicts the whole input as noise gives zeros.</summary>
    static PropertyResult IsResidual(CheckKit kit, Func<Tensor, nn.Module<Tensor, Tensor>, Tensor> denoise)
    {
        var noisy = Images(kit, ScalarType.Float64, 3, 1);
        var zero = denoise(noisy, new Fixed(x => torch.zeros_like(x)));
        if (TensorDiff.Compare("residual", "the output with a net that returns zeros (no noise predicted), compared with the noisy input", noisy, zero,
                Same(zero, torch.zeros_like(noisy)) ? "you return the net's output as the image: " + Residual + "." : Residual + ".") is { } failed)
            return failed;
        var all = denoise(noisy, new Fixed(x => x.clone()));
        if (TensorDiff.Compare("residual", "the output with a net that returns its input (all of it is noise), compared with zeros", torch.zeros_like(noisy), all,
                Same(all, 2 * noisy) ? "you add the predicted noise instead of subtracting it: " + Residual + "." : Residual + ".") is { } failed2)
            return failed2;
        return PropertyResult.Pass("residual", "a net that predicts no noise gives the noisy input back; one that predicts all of it gives zeros.");
    }

    static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.detach().to(b.dtype).allclose(b, 1e-5, 1e-6);

    static PropertyResult Values(CheckKit kit, Func<Tensor, nn.Module<Tensor, Tensor>, Tensor> denoise)
    {
        foreach (var (dtype, batch) in new[] { (ScalarType.Float64, 1), (ScalarType.Float64, 4), (ScalarType.Float32, 3) })
        {
            var channels = kit.Int(1, 3);
            var noisy = Images(kit, dtype, batch, channels);
            var net = Net(kit, channels, dtype);
            var got = denoise(noisy, net);
            using var _ = torch.no_grad();
            var expected = ReferenceDenoise(noisy, net);
            if (TensorDiff.Compare("values", $"the denoised batch ({dtype}, noisy {TensorDiff.Shape(noisy)})", expected, got, Cause(noisy, net, got)) is { } failed)
                return failed;
        }
        return PropertyResult.Pass("values", "noisy − noiseNet(noisy) in float64 and float32, batch 1 and others.");
    }

    /// <summary>Names the usual mistake when the learner's output is exactly it.</summary>
    static string Cause(Tensor noisy, nn.Module<Tensor, Tensor> net, Tensor got)
    {
        var noise = net.call(noisy);
        if (Same(got, noisy - nn.functional.relu(noise)))
            return "a ReLU on the net's output (the guide's last layer): a noise estimate must be negative as often as positive, and ReLU clips half of it to 0 — " + Residual + ".";
        if (Same(got, noise)) return "you return the net's output as the image: " + Residual + ".";
        if (Same(got, noisy + noise)) return "you add the predicted noise instead of subtracting it: " + Residual + ".";
        return Residual + ".";
    }

    static PropertyResult Gradients(CheckKit kit, Func<Tensor, nn.Module<Tensor, Tensor>, Tensor> denoise)
    {
        var noisy = Images(kit, ScalarType.Float64, 3, 1);
        var net = Net(kit, 1, ScalarType.Float64);
        var got = denoise(noisy, net);
        if (!got.requires_grad)
            return PropertyResult.Fail("gradients reach the net", "the denoised batch does not depend on the net's parameters through autograd.",
                "build the result with tensor operations from noiseNet.call(noisy): no detach(), no torch.no_grad(), no copies through arrays.");
        var upstream = kit.Randn(ScalarType.Float64, got.shape);
        (got * upstream).sum().backward();
        var learnerGrads = net.parameters().Select(p => p.grad?.clone()).ToArray();
        net.zero_grad();
        (ReferenceDenoise(noisy, net) * upstream).sum().backward();
        var i = 0;
        foreach (var (name, p) in net.named_parameters())
        {
            var mine = learnerGrads[i++];
            if (mine is null || mine.abs().sum().item<double>() == 0)
                return PropertyResult.Fail("gradients reach the net", $"no gradient reached the net's parameter '{name}'.", "the net's output must enter the result through autograd: " + Residual + ".");
            if (TensorDiff.Compare("gradients reach the net", $"the gradient of '{name}'", p.grad!, mine,
                    "the gradient of noisy − f is −(upstream) through the net; a ReLU or a scale on the net's output changes it — " + Residual + ".") is { } failed)
                return failed;
        }
        return PropertyResult.Pass("gradients reach the net", "every parameter of the net gets the reference's gradient (vs autograd).");
    }

    /// <summary>Images with very different errors: the mean of per-image PSNRs differs from the PSNR of the whole batch.</summary>
    static PropertyResult PsnrPerImage(CheckKit kit, Func<Tensor, Tensor, double, double> psnr)
    {
        foreach (var (dtype, batch) in new[] { (ScalarType.Float64, 1), (ScalarType.Float64, 4), (ScalarType.Float32, 3) })
        {
            var clean = Images(kit, dtype, batch, kit.Int(1, 3));
            var levels = torch.logspace(-3, -0.5, batch, dtype: dtype).view(batch, 1, 1, 1);   // one noise level per image
            var denoised = clean + levels * kit.Randn(dtype, clean.shape);
            var expected = ReferencePsnr(denoised, clean, 1.0);
            var got = psnr(denoised, clean, 1.0);
            if (!Close(got, expected))
            {
                var whole = NeuralNotebooks.Training.Metrics.Psnr(denoised, clean, 1.0);
                var cause = Close(got, whole)
                    ? "this is the PSNR of the whole batch (one MSE over every pixel): the metric is per image — one MSE per image over its channels and pixels, 10·log10(range² / mse) each, then the mean over the batch; a noisy image then counts as much as a clean one."
                    : "PSNR = 10·log10(dataRange² / mse) for each image (mse over its channels and pixels, in float64), then the mean over the batch; compare with the clean image, not the noisy one.";
                return PropertyResult.Fail("PSNR per image", $"{dtype}, batch {TensorDiff.Shape(clean)} with different errors per image: expected {expected:F4} dB (mean of per-image PSNRs), got {got:F4} dB (the whole batch's PSNR is {whole:F4} dB).", cause);
            }
        }
        return PropertyResult.Pass("PSNR per image", "the mean of per-image PSNRs (not the whole batch's), float64 and float32, batch 1 and others.");
    }

    static bool Close(double got, double expected) => Math.Abs(got - expected) <= 1e-4 + 1e-5 * Math.Abs(expected);

    static PropertyResult PsnrRange(CheckKit kit, Func<Tensor, Tensor, double, double> psnr)
    {
        var clean = 255 * Images(kit, ScalarType.Float64, 3, 1);
        var denoised = clean + 5 * kit.Randn(ScalarType.Float64, clean.shape);
        var expected = ReferencePsnr(denoised, clean, 255);
        var got = psnr(denoised, clean, 255);
        if (!Close(got, expected))
            return PropertyResult.Fail("PSNR data range", $"images in [0, 255], dataRange 255: expected {expected:F4} dB, got {got:F4} dB.",
                Close(got, ReferencePsnr(denoised, clean, 1.0))
                    ? "dataRange is ignored (1 assumed): the peak in PSNR is the data's range — 10·log10(dataRange² / mse), 255 for 8-bit images."
                    : "the peak is squared: 10·log10(dataRange² / mse) = 20·log10(dataRange) − 10·log10(mse).");
        return PropertyResult.Pass("PSNR data range", "dataRange is used: images in [0, 255] with dataRange 255 give the reference's PSNR.");
    }

    /// <summary>Metrics.Psnr's rule: a zero error is +∞ dB; one identical image makes the mean +∞ too.</summary>
    static PropertyResult PsnrIdentical(CheckKit kit, Func<Tensor, Tensor, double, double> psnr)
    {
        var clean = Images(kit, ScalarType.Float64, 3, 1);
        var got = psnr(clean.clone(), clean, 1.0);
        const string Rule = "an image equal to its clean image has mse 0 and PSNR +∞ (Core's Metrics.Psnr returns double.PositiveInfinity), so the batch's mean is +∞; 10·log10(range² / 0) gives +∞ in tensor arithmetic — no epsilon in the denominator, no clamp";
        if (!double.IsPositiveInfinity(got))
            return PropertyResult.Fail("PSNR of identical images", $"denoised equal to clean: expected +∞, got {got}.", Rule + ".");
        var mixed = clean.clone();
        mixed[0] += 0.1;
        var gotMixed = psnr(mixed, clean, 1.0);
        if (!double.IsPositiveInfinity(gotMixed))
            return PropertyResult.Fail("PSNR of identical images", $"a batch where images 1 and 2 equal their clean images and image 0 does not: expected +∞ (the mean of +∞ and finite values), got {gotMixed}.", Rule + ".");
        return PropertyResult.Pass("PSNR of identical images", "identical images give +∞, as Metrics.Psnr; one identical image makes the mean +∞.");
    }
}
