using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice.References;

/// <summary>
/// Exercise 07's reference: one denoising autoencoder loss, as the course trains ConvDenoisingAutoencoder — the clean
/// batch corrupted with Gaussian noise of std σ (pixels in [0, 1], clamped back), the model run on the noisy input, and
/// the MSE against the CLEAN image (the guide's model fits its input to itself, which teaches the identity).
/// </summary>
public sealed class DenoisingLossReference
{
    #region Exercise07
    (Tensor loss, Tensor noisy) DenoisingLoss(Tensor clean, nn.Module<Tensor, Tensor> model, double noiseStd, Generator generator)
    {
        // One draw of clean's shape from the given generator: the same generator state gives the same corruption.
        var noise = torch.randn(clean.shape, dtype: clean.dtype, device: clean.device, generator: generator);
        var noisy = (clean + noiseStd * noise).clamp(0.0, 1.0);   // still an image: pixels in [0, 1]
        var output = model.call(noisy);                           // the model sees only the noisy input
        var loss = nn.functional.mse_loss(output, clean);         // …and is graded against the clean one
        return (loss, noisy);
    }
    #endregion

    /// <summary>The reference as the grader calls it.</summary>
    public static Delegate[] Functions() =>
        [new Func<Tensor, nn.Module<Tensor, Tensor>, double, Generator, (Tensor, Tensor)>(new DenoisingLossReference().DenoisingLoss)];
}
