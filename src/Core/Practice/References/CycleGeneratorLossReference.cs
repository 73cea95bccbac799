using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice.References;

/// <summary>
/// Exercise 16's reference: the CycleGAN generators' loss, as the course's CycleTraining.GeneratorStep computes it —
/// least-squares adversarial terms for both directions (G: A → B judged by dB, F: B → A judged by dA), the cycle terms
/// ‖F(G(a)) − a‖₁ + ‖G(F(b)) − b‖₁ and the identity terms ‖G(b) − b‖₁ + ‖F(a) − a‖₁ (mean L1), weighted.
/// The fakes are NOT detached: the generators learn through the discriminators' scores.
/// </summary>
public sealed class CycleGeneratorLossReference
{
    #region Exercise16
    (Tensor total, Tensor adversarial, Tensor cycle, Tensor identity) CycleGeneratorLoss(
        nn.Module<Tensor, Tensor> g, nn.Module<Tensor, Tensor> f, nn.Module<Tensor, Tensor> dA, nn.Module<Tensor, Tensor> dB,
        Tensor a, Tensor b, double cycleWeight, double identityWeight)
    {
        var fakeB = g.call(a);                                    // A → B
        var fakeA = f.call(b);                                    // B → A
        // LSGAN: (D(fake) − 1)², the discriminator of the TARGET domain judges each fake; no detach here.
        var dBScores = dB.call(fakeB);
        var dAScores = dA.call(fakeA);
        var adversarial = nn.functional.mse_loss(dBScores, ones_like(dBScores))
                        + nn.functional.mse_loss(dAScores, ones_like(dAScores));
        // Round trips through BOTH generators: a → G → F ≈ a, b → F → G ≈ b.
        var cycle = nn.functional.l1_loss(f.call(fakeB), a) + nn.functional.l1_loss(g.call(fakeA), b);
        // Each generator leaves an image already in its TARGET domain alone: G(b) ≈ b, F(a) ≈ a.
        var identity = nn.functional.l1_loss(g.call(b), b) + nn.functional.l1_loss(f.call(a), a);
        var total = adversarial + cycleWeight * cycle + identityWeight * identity;
        return (total, adversarial, cycle, identity);
    }
    #endregion

    /// <summary>The reference as the grader calls it.</summary>
    public static Delegate[] Functions() =>
        [new Func<nn.Module<Tensor, Tensor>, nn.Module<Tensor, Tensor>, nn.Module<Tensor, Tensor>, nn.Module<Tensor, Tensor>, Tensor, Tensor, double, double, (Tensor, Tensor, Tensor, Tensor)>(
            new CycleGeneratorLossReference().CycleGeneratorLoss)];
}
