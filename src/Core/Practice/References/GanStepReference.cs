using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice.References;

/// <summary>
/// Exercise 04's reference: one adversarial training step, as in notebooks/exercises/04-gan.ipynb (without label
/// smoothing): the discriminator on real data and DETACHED fakes, then the generator through the updated
/// discriminator with the non-saturating loss, both with BCE on logits.
/// </summary>
public sealed class GanStepReference
{
    #region Exercise04
    (Tensor dLoss, Tensor gLoss) GanStep(Tensor real, Tensor noise, nn.Module<Tensor, Tensor> generator, nn.Module<Tensor, Tensor> discriminator, optim.Optimizer dOptimizer, optim.Optimizer gOptimizer)
    {
        var fake = generator.call(noise);
        // 1. Discriminator: real → 1, fake → 0. detach(): the discriminator's loss must not reach the generator.
        var realLogits = discriminator.call(real);
        var fakeLogits = discriminator.call(fake.detach());
        var dLoss = nn.functional.binary_cross_entropy_with_logits(realLogits, ones_like(realLogits))
                  + nn.functional.binary_cross_entropy_with_logits(fakeLogits, zeros_like(fakeLogits));
        dOptimizer.zero_grad();
        dLoss.backward();
        dOptimizer.step();
        // 2. Generator, through the updated discriminator: the non-saturating loss −log D(G(z)) = BCE(D(G(z)), 1),
        //    whose gradient stays large while D still rejects the fakes (log(1 − D(G(z))) would vanish there).
        var logits = discriminator.call(fake);
        var gLoss = nn.functional.binary_cross_entropy_with_logits(logits, ones_like(logits));
        gOptimizer.zero_grad();
        gLoss.backward();
        gOptimizer.step();
        return (dLoss.detach(), gLoss.detach());
    }
    #endregion

    /// <summary>The reference as the grader calls it.</summary>
    public static Delegate[] Functions()
    {
        var r = new GanStepReference();
        return [new Func<Tensor, Tensor, nn.Module<Tensor, Tensor>, nn.Module<Tensor, Tensor>, optim.Optimizer, optim.Optimizer, (Tensor, Tensor)>(r.GanStep)];
    }
}
