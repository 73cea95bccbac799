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
}
