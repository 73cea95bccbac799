using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice.References;

/// <summary>
/// Exercise 20's reference: DnCNN's residual learning and its metric, as the course does it (DnCnn.Denoise and
/// Core's Metrics.Psnr): the network predicts the noise, the clean estimate is noisy − net(noisy); PSNR is computed per
/// image and averaged, an image equal to its clean image counting +∞ (Metrics.Psnr's rule for a zero error).
/// </summary>
public sealed class DenoiseResidualReference
{
    #region Exercise20
    Tensor Denoise(Tensor noisy, nn.Module<Tensor, Tensor> noiseNet)
    {
        // The net predicts the noise (any sign, so no ReLU after it); subtracting it leaves the clean estimate.
        return noisy - noiseNet.call(noisy);
    }

    double Psnr(Tensor denoised, Tensor clean, double dataRange)
    {
        using var scope = torch.NewDisposeScope();
        // One mean squared error per image, over its channels and pixels, in float64.
        var error = denoised.detach().to_type(ScalarType.Float64) - clean.detach().to_type(ScalarType.Float64);
        var mse = error.square().flatten(1).mean(new long[] { 1 });
        // 10·log10(range² / mse) per image (mse = 0 gives +∞, as Metrics.Psnr), then the mean over the batch.
        var psnr = 10 * torch.log10(dataRange * dataRange / mse);
        return psnr.mean().item<double>();
    }
    #endregion

    /// <summary>The reference as the grader calls it.</summary>
    public static Delegate[] Functions()
    {
        var reference = new DenoiseResidualReference();
        return [new Func<Tensor, nn.Module<Tensor, Tensor>, Tensor>(reference.Denoise), new Func<Tensor, Tensor, double, double>(reference.Psnr)];
    }
}
