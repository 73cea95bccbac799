using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Blocks;

/// <summary>
/// The two GAN losses every adversarial exercise uses, on logits (BCE-with-logits is numerically safe
/// where sigmoid + log is not). The discriminator's: real → <c>realLabel</c> (1, or 0.9 with one-sided
/// label smoothing), fake → 0. The generator's, non-saturating: make the discriminator call fakes real.
/// </summary>
public static class GanLosses
{
    public static Tensor Discriminator(Tensor realLogits, Tensor fakeLogits, double realLabel = 1.0) =>
        nn.functional.binary_cross_entropy_with_logits(realLogits, full_like(realLogits, realLabel))
        + nn.functional.binary_cross_entropy_with_logits(fakeLogits, zeros_like(fakeLogits));

    public static Tensor Generator(Tensor fakeLogits) =>
        nn.functional.binary_cross_entropy_with_logits(fakeLogits, ones_like(fakeLogits));

    /// <summary>
    /// Least-squares GAN (LSGAN, Mao et al. 2017; CycleGAN's choice) for the discriminator, on raw scores:
    /// ½·[(D(real) − 1)² + D(fake)²]. Squared errors keep pulling fakes that are already on the right side
    /// of the boundary, so gradients do not vanish the way a saturated sigmoid's do.
    /// </summary>
    public static Tensor LeastSquaresDiscriminator(Tensor realScores, Tensor fakeScores) =>
        0.5 * (nn.functional.mse_loss(realScores, ones_like(realScores))
               + nn.functional.mse_loss(fakeScores, zeros_like(fakeScores)));

    /// <summary>LSGAN for the generator: (D(fake) − 1)², make the discriminator score its fakes as real.</summary>
    public static Tensor LeastSquaresGenerator(Tensor fakeScores) =>
        nn.functional.mse_loss(fakeScores, ones_like(fakeScores));
}
