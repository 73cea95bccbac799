using NeuralNotebooks.Blocks;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.ImageTranslationGan;

/// <summary>The losses of one pix2pix step: discriminator, generator's adversarial part, generator's L1 part.</summary>
public sealed record Pix2PixLosses(double DiscriminatorLoss, double AdversarialLoss, double L1Loss);

/// <summary>
/// One pix2pix training step on a paired batch (source, target), both in [-1, 1]. The discriminator
/// learns real pairs → 1 and (source, G(source)) → 0 on every patch; the generator minimises
/// adversarial loss + λ·L1(G(source), target). L1 does the heavy lifting (gets the content right); the
/// adversarial term, small by comparison (λ = 100 in the paper), sharpens what L1 alone would blur.
/// </summary>
public sealed class Pix2PixStep
{
    readonly UNetGenerator generator;
    readonly PatchDiscriminator discriminator;
    readonly optim.Optimizer generatorOptimizer;
    readonly optim.Optimizer discriminatorOptimizer;

    public double L1Weight { get; }

    public Pix2PixStep(UNetGenerator generator, PatchDiscriminator discriminator, double learningRate = 2e-4, double l1Weight = 100)
    {
        this.generator = generator;
        this.discriminator = discriminator;
        L1Weight = l1Weight;
        generatorOptimizer = optim.Adam(generator.parameters(), learningRate, 0.5, 0.999);
        discriminatorOptimizer = optim.Adam(discriminator.parameters(), learningRate, 0.5, 0.999);
    }

    public Pix2PixLosses Run(Tensor source, Tensor target)
    {
        using var scope = NewDisposeScope();
        generator.train();
        discriminator.train();
        var fake = generator.call(source);

        var realLogits = discriminator.call(source, target);
        var fakeLogits = discriminator.call(source, fake.detach());
        var dLoss = 0.5 * GanLosses.Discriminator(realLogits, fakeLogits);   // halved, as in pix2pix: D learns slower than G
        discriminatorOptimizer.zero_grad();
        dLoss.backward();
        discriminatorOptimizer.step();

        var adversarial = GanLosses.Generator(discriminator.call(source, fake));
        var l1 = nn.functional.l1_loss(fake, target);
        var gLoss = adversarial + L1Weight * l1;
        generatorOptimizer.zero_grad();
        gLoss.backward();
        generatorOptimizer.step();

        return new Pix2PixLosses(dLoss.item<float>(), adversarial.item<float>(), l1.item<float>());
    }
}
