using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Blocks;

/// <summary>What one adversarial step measured, as plain numbers (already off the device).</summary>
/// <param name="DiscriminatorLoss">The discriminator's loss (after its weight), on real and detached fake batches.</param>
/// <param name="AdversarialLoss">The generator's non-saturating adversarial loss (before its weight), against the just-updated discriminator.</param>
/// <param name="ExtraLoss">The generator's extra term (e.g. λ·L1 or pixel MSE) as returned by the delegate; 0 when there is none.</param>
/// <param name="RealScore">The discriminator's mean probability "real" for the real batch.</param>
/// <param name="FakeScore">Its mean probability "real" for the fake batch, before its update.</param>
public sealed record AdversarialStepResult(double DiscriminatorLoss, double AdversarialLoss, double ExtraLoss, double RealScore, double FakeScore);

/// <summary>
/// The one skeleton of a GAN training step that the super-resolution and translation exercises share
/// (exercise 4 writes the same loop out by hand). First the discriminator learns real → <c>realLabel</c>,
/// fake → 0 on a <b>detached</b> fake batch (its update must not reach the generator); then the generator
/// learns to make the just-updated discriminator call its fakes real (non-saturating loss, target 1),
/// plus any extra term the exercise adds (pix2pix's λ·L1, SRGAN's pixel loss). Each network has its own
/// optimizer, zeroed before its own backward. The networks enter as delegates so one step serves an
/// unconditional GAN (<c>generate = () =&gt; G(z)</c>), a conditional one (<c>judge = x =&gt; D(source, x)</c>)
/// and super-resolution (<c>generate = () =&gt; G(lowRes)</c>) alike.
/// </summary>
public static class AdversarialTraining
{
    /// <param name="generate">Makes the fake batch with gradients to the generator (called once per step).</param>
    /// <param name="judge">The discriminator's logits for a candidate batch (any condition is captured by the delegate).</param>
    /// <param name="real">The real batch the fakes are compared with.</param>
    /// <param name="discriminatorOptimizer">Owns the discriminator's parameters only.</param>
    /// <param name="generatorOptimizer">Owns the generator's parameters only.</param>
    /// <param name="extraGeneratorLoss">Extra generator loss from the fake batch (already weighted), or null.</param>
    /// <param name="realLabel">Target for real images (1, or 0.9 with one-sided label smoothing).</param>
    /// <param name="discriminatorWeight">Scales the discriminator's loss (pix2pix halves it so D learns slower than G).</param>
    /// <param name="adversarialWeight">Scales the generator's adversarial term (SRGAN: 1e-3 next to the pixel loss).</param>
    public static AdversarialStepResult Step(
        Func<Tensor> generate, Func<Tensor, Tensor> judge, Tensor real,
        optim.Optimizer discriminatorOptimizer, optim.Optimizer generatorOptimizer,
        Func<Tensor, Tensor>? extraGeneratorLoss = null, double realLabel = 1.0,
        double discriminatorWeight = 1.0, double adversarialWeight = 1.0)
    {
        using var scope = NewDisposeScope();
        var fake = generate();

        // 1. Discriminator. The fakes are detached: this backward must not reach the generator.
        var realLogits = judge(real);
        var fakeLogits = judge(fake.detach());
        var dLoss = discriminatorWeight * GanLosses.Discriminator(realLogits, fakeLogits, realLabel);
        discriminatorOptimizer.zero_grad();
        dLoss.backward();
        discriminatorOptimizer.step();

        // 2. Generator, through the updated discriminator. Its backward also fills D's gradients; D's
        // optimizer zeroes them before D's next backward and is not stepped here.
        var adversarial = GanLosses.Generator(judge(fake));
        var extra = extraGeneratorLoss?.Invoke(fake);
        var gLoss = extra is null ? adversarialWeight * adversarial : adversarialWeight * adversarial + extra;
        generatorOptimizer.zero_grad();
        gLoss.backward();
        generatorOptimizer.step();

        return new AdversarialStepResult(
            dLoss.item<float>(), adversarial.item<float>(), extra?.item<float>() ?? 0,
            sigmoid(realLogits).mean().item<float>(), sigmoid(fakeLogits).mean().item<float>());
    }
}
