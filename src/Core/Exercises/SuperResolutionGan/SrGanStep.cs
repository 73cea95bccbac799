using NeuralNotebooks.Blocks;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.SuperResolutionGan;

/// <summary>The losses of one SRGAN step: discriminator, generator's pixel (MSE) part, generator's adversarial part.</summary>
public sealed record SrGanLosses(double DiscriminatorLoss, double PixelLoss, double AdversarialLoss);

/// <summary>
/// One SRGAN step on a batch of (low-res, high-res) patches in [0, 1]. The discriminator learns real
/// high-res → 1, generated → 0. The generator minimises pixel MSE + w·adversarial, with w small (1e-3 as
/// in SRGAN): MSE alone gives the best PSNR but blurry textures; the adversarial term trades a little PSNR
/// for sharper, more natural-looking detail. (The paper's perceptual loss uses a pretrained VGG's
/// features, which we cannot download here, so this "lite" version uses pixel + adversarial only.)
/// </summary>
public sealed class SrGanStep
{
    readonly SrGenerator generator;
    readonly SrDiscriminator discriminator;
    readonly optim.Optimizer generatorOptimizer;
    readonly optim.Optimizer discriminatorOptimizer;

    public double AdversarialWeight { get; }

    public SrGanStep(SrGenerator generator, SrDiscriminator discriminator, double learningRate = 1e-3, double adversarialWeight = 1e-3)
    {
        this.generator = generator;
        this.discriminator = discriminator;
        AdversarialWeight = adversarialWeight;
        generatorOptimizer = optim.Adam(generator.parameters(), learningRate, 0.9, 0.999);
        discriminatorOptimizer = optim.Adam(discriminator.parameters(), learningRate, 0.5, 0.999);
    }

    public SrGanLosses Run(Tensor lowRes, Tensor highRes)
    {
        using var scope = NewDisposeScope();
        generator.train();
        discriminator.train();
        var fake = generator.call(lowRes);

        var realLogits = discriminator.call(highRes);
        var fakeLogits = discriminator.call(fake.detach());
        var dLoss = GanLosses.Discriminator(realLogits, fakeLogits);
        discriminatorOptimizer.zero_grad();
        dLoss.backward();
        discriminatorOptimizer.step();

        var adversarial = GanLosses.Generator(discriminator.call(fake));
        var pixel = nn.functional.mse_loss(fake, highRes);
        var gLoss = pixel + AdversarialWeight * adversarial;
        generatorOptimizer.zero_grad();
        gLoss.backward();
        generatorOptimizer.step();

        return new SrGanLosses(dLoss.item<float>(), pixel.item<float>(), adversarial.item<float>());
    }
}
