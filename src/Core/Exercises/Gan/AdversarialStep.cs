using NeuralNotebooks.Blocks;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.Gan;

/// <summary>The losses of one adversarial step, as plain numbers (already off the device).</summary>
public sealed record GanStepLosses(double DiscriminatorLoss, double GeneratorLoss, double RealScore, double FakeScore);

/// <summary>
/// One step of GAN training, the part the guide never wrote: first the discriminator learns to tell a
/// real batch from a generated one, then the generator learns to fool the (just-updated) discriminator.
/// The stabilising choices are explicit: one-sided label smoothing (real target 0.9, fake target 0), Adam
/// with betas (0.5, 0.999) as in DCGAN, and the non-saturating generator loss (maximise log D(G(z))
/// rather than minimise log(1 − D(G(z))), whose gradient vanishes exactly when the generator is bad).
/// </summary>
public sealed class AdversarialStep
{
    public const double Beta1 = 0.5, Beta2 = 0.999;

    readonly DcganGenerator generator;
    readonly DcganDiscriminator discriminator;
    readonly optim.Optimizer generatorOptimizer;
    readonly optim.Optimizer discriminatorOptimizer;

    /// <summary>Target for real images in the discriminator loss (1 − smoothing); fakes always target 0.</summary>
    public double RealLabel { get; }

    public AdversarialStep(DcganGenerator generator, DcganDiscriminator discriminator, double learningRate = 2e-4, double labelSmoothing = 0.1)
    {
        if (labelSmoothing is < 0 or >= 0.5)
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "label smoothing must be in [0, 0.5).");
        this.generator = generator;
        this.discriminator = discriminator;
        RealLabel = 1 - labelSmoothing;
        generatorOptimizer = optim.Adam(generator.parameters(), learningRate, Beta1, Beta2);
        discriminatorOptimizer = optim.Adam(discriminator.parameters(), learningRate, Beta1, Beta2);
    }

    /// <summary>One discriminator update then one generator update on a batch of real images in [-1, 1].</summary>
    public GanStepLosses Run(Tensor realImages)
    {
        using var scope = NewDisposeScope();
        generator.train();
        discriminator.train();
        var n = realImages.shape[0];
        var device = realImages.device;

        // 1. Discriminator: real → RealLabel, fake → 0. The fakes are detached: this update must not touch G.
        var z = randn(n, generator.LatentSize, device: device);
        var fake = generator.call(z);
        var realLogits = discriminator.call(realImages);
        var fakeLogits = discriminator.call(fake.detach());
        var dLoss = GanLosses.Discriminator(realLogits, fakeLogits, RealLabel);
        discriminatorOptimizer.zero_grad();
        dLoss.backward();
        discriminatorOptimizer.step();

        // 2. Generator: make D call the fakes real (non-saturating loss; target 1, no smoothing for G).
        var gLoss = GanLosses.Generator(discriminator.call(fake));
        generatorOptimizer.zero_grad();
        gLoss.backward();
        generatorOptimizer.step();

        return new GanStepLosses(
            dLoss.item<float>(), gLoss.item<float>(),
            torch.sigmoid(realLogits).mean().item<float>(), torch.sigmoid(fakeLogits).mean().item<float>());
    }
}
