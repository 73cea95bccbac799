using NeuralNotebooks.Data;
using NeuralNotebooks.Runtime;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.SuperResolutionGan;

/// <summary>How big the SRGAN-lite lesson runs.</summary>
public sealed record SuperResolutionGanSettings(int TrainPatches, int PatchSize, int Epochs, int BatchSize, int Width, int ResidualBlocks, double LearningRate = 1e-3, double AdversarialWeight = 1e-3)
{
    public static SuperResolutionGanSettings For(RunMode mode) => mode == RunMode.Quick
        ? new(TrainPatches: 768, PatchSize: 32, Epochs: 2, BatchSize: 16, Width: 24, ResidualBlocks: 2, LearningRate: 2e-3, AdversarialWeight: 1e-4)
        : new(TrainPatches: 16384, PatchSize: 48, Epochs: 20, BatchSize: 32, Width: 64, ResidualBlocks: 8, LearningRate: 2e-4);
}

/// <summary>What the lesson produced: the networks, the history, held-out PSNR of the model and of bicubic, and examples (LR, bicubic, SR, HR).</summary>
public sealed record SuperResolutionGanResult(
    SrGenerator Generator,
    SrDiscriminator Discriminator,
    TrainingHistory History,
    double ModelPsnr,
    double BicubicPsnr,
    Tensor ExampleLowRes,
    Tensor ExampleBicubic,
    Tensor ExampleSuperResolved,
    Tensor ExampleHighRes,
    TimeSpan Elapsed)
{
    /// <summary>How many dB the model is above (positive) or below (negative) bicubic upsampling.</summary>
    public double GainOverBicubic => ModelPsnr - BicubicPsnr;
}

/// <summary>
/// Exercise 12 — super-resolution with a GAN. An SRGAN-lite generator (<see cref="SrGenerator"/>:
/// residual blocks, <see cref="PixelShuffle"/> ×2, global skip from bicubic) and a discriminator are
/// trained with the Core trainer's custom-step form (<see cref="SrGanStep"/>) on patches of two real
/// photos, low-res made by 2×2 averaging. Judged on held-out patches (the right quarter of each photo,
/// never trained on) by PSNR against the original, next to the baseline every SR method must beat:
/// bicubic upsampling. The interview point: pixel loss maximises PSNR but blurs; the adversarial (and,
/// in the paper, VGG-perceptual) loss buys sharper texture at some PSNR cost.
/// </summary>
public static class SuperResolutionGanLesson
{
    /// <param name="photos">RGB photos, each (3, H, W) in [0, 1].</param>
    /// <param name="settings">Sizes for the run mode (see the settings record).</param>
    /// <param name="device">Where to train; the default device when null.</param>
    public static SuperResolutionGanResult Train(IReadOnlyList<Tensor> photos, SuperResolutionGanSettings settings, Device? device = null)
    {
        device ??= Devices.Default;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var highRes = PhotoPatches.Train(photos, settings.TrainPatches, settings.PatchSize, seed: Seed.Current);   // (N, 3, P, P)
        using var trainSet = new TensorDataset([Downsample(highRes), highRes], "random patches of the left ¾ of each photo");
        var testHighRes = PhotoPatches.HeldOut(photos, settings.PatchSize);
        using var testSet = new TensorDataset([Downsample(testHighRes), testHighRes], "patches of the right ¼ of each photo (held out)");

        var generator = new SrGenerator(settings.Width, settings.ResidualBlocks).to(device);
        var discriminator = new SrDiscriminator(settings.Width).to(device);
        var step = new SrGanStep(generator, discriminator, settings.LearningRate, settings.AdversarialWeight);
        var trainer = new Trainer(
            batch =>
            {
                var losses = step.Run(batch[0], batch[1]);
                return new Dictionary<string, double> { ["d_loss"] = losses.DiscriminatorLoss, ["pixel_mse"] = losses.PixelLoss, ["adversarial"] = losses.AdversarialLoss };
            },
            evaluate: batch => new Dictionary<string, double>
            {
                ["psnr"] = Metrics.Psnr(generator.call(batch[0]).clamp(0, 1), batch[1]),
                ["bicubic_psnr"] = Metrics.Psnr(SrGenerator.Bicubic(batch[0]), batch[1]),
            },
            modules: [generator, discriminator]);
        trainer.Fit(new DataLoader(trainSet, settings.BatchSize, shuffle: true, dropLast: true, device: device),
                    new DataLoader(testSet, (int)testSet.Count, device: device), settings.Epochs);

        generator.eval();
        using var _ = no_grad();
        var lowRes = testSet.Tensors[0].to(device);
        var superResolved = generator.call(lowRes).clamp(0, 1);
        var bicubic = SrGenerator.Bicubic(lowRes);
        var examples = arange(0, testHighRes.shape[0], Math.Max(1, testHighRes.shape[0] / 6))[..6];
        Tensor Pick(Tensor t) => t.index_select(0, examples.to(t.device)).cpu().DetachFromDisposeScope();
        return new SuperResolutionGanResult(generator, discriminator, trainer.History,
            Metrics.Psnr(superResolved, testHighRes), Metrics.Psnr(bicubic, testHighRes),
            Pick(lowRes), Pick(bicubic), Pick(superResolved), Pick(testHighRes), clock.Elapsed);
    }

    /// <summary>Low-resolution version by averaging each 2×2 block (what a camera with half the pixels would see).</summary>
    public static Tensor Downsample(Tensor highRes) => nn.functional.avg_pool2d(highRes, SrGenerator.Scale);
}
