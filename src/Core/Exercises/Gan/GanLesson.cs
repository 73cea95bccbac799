using NeuralNotebooks.Blocks;
using NeuralNotebooks.Data;
using NeuralNotebooks.Runtime;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.Gan;

/// <summary>How big the GAN lesson runs.</summary>
public sealed record GanSettings(int TrainImages, int Epochs, int BatchSize, int LatentSize, int Width, double LearningRate = 2e-4, double LabelSmoothing = 0.1)
{
    /// <summary>Quick: tens of seconds on two CPU cores; Full: all 60,000 Fashion-MNIST images, wider nets, more epochs (GPU).</summary>
    public static GanSettings For(RunMode mode) => mode == RunMode.Quick
        ? new(TrainImages: 4096, Epochs: 4, BatchSize: 64, LatentSize: 32, Width: 16, LearningRate: 1e-3)
        : new(TrainImages: 60000, Epochs: 25, BatchSize: 128, LatentSize: 100, Width: 64);
}

/// <summary>
/// What the GAN lesson produced: the two networks, the history (d_loss, g_loss, d_real, d_fake per step
/// and epoch), a grid's worth of samples from the same fixed noise after every epoch (pixels in [0, 1]),
/// and two numbers that say whether the generator learnt the data rather than noise or one mode.
/// </summary>
public sealed record GanResult(
    DcganGenerator Generator,
    DcganDiscriminator Discriminator,
    TrainingHistory History,
    IReadOnlyList<Tensor> SamplesPerEpoch,
    GanQuality Before,
    GanQuality After,
    TimeSpan Elapsed);

/// <summary>
/// Cheap, honest sample-quality numbers: <see cref="MeanImageDistance"/> is the mean absolute difference
/// between the average generated image and the average real image (0 = same average; pixels in [0, 1]);
/// <see cref="DiversityRatio"/> is the per-pixel spread of generated images over that of real images
/// (near 0 = mode collapse, near 1 = as varied as the data).
/// </summary>
public sealed record GanQuality(double MeanImageDistance, double DiversityRatio)
{
    public static GanQuality Measure(Tensor generated, Tensor real)
    {
        using var scope = NewDisposeScope();
        var distance = (generated.mean([0]) - real.mean([0])).abs().mean().item<float>();
        var ratio = generated.std([0]).mean().item<float>() / real.std([0]).mean().item<float>();
        return new GanQuality(distance, ratio);
    }
}

/// <summary>
/// Exercise 4 — a GAN that generates images. A DCGAN (<see cref="DcganGenerator"/>,
/// <see cref="DcganDiscriminator"/>) is trained adversarially on real Fashion-MNIST images with the
/// Core trainer's custom-step form: each step updates the discriminator on a real and a generated batch,
/// then the generator (<see cref="AdversarialStep"/>). The point for an interview is the training loop the
/// guide leaves out, and the choices that keep it stable: label smoothing, BatchNorm, Adam(0.5, 0.999),
/// logits with BCE-with-logits, the non-saturating generator loss, and watching both losses plus
/// fixed-noise samples instead of trusting either loss alone.
/// </summary>
public static class GanLesson
{
    public const int GridSamples = 64;

    /// <param name="images">Real images, (N, 1, 28, 28), pixels in [0, 1].</param>
    /// <param name="settings">Sizes for the run mode (see the settings record).</param>
    /// <param name="device">Where to train; the default device when null.</param>
    public static GanResult Train(Tensor images, GanSettings settings, Device? device = null)
    {
        InputChecks.Images(images, nameof(GanLesson), channels: 1, height: 28, width: 28);
        device ??= Devices.Default;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var count = Math.Min(settings.TrainImages, images.shape[0]);
        using var data = new TensorDataset([images[..(int)count] * 2 - 1], "real images scaled to [-1, 1]");
        var loader = new DataLoader(data, settings.BatchSize, shuffle: true, dropLast: true, device: device);

        var generator = new DcganGenerator(settings.LatentSize, settings.Width).to(device);
        var discriminator = new DcganDiscriminator(settings.Width).to(device);
        var step = new AdversarialStep(generator, discriminator, settings.LearningRate, settings.LabelSmoothing);
        var fixedNoise = randn(GridSamples, settings.LatentSize, device: device).DetachFromDisposeScope();
        var realSample = images[..GridSamples].to(device);

        var samples = new List<Tensor>();
        var before = GanQuality.Measure(Sample(generator, fixedNoise), realSample);
        var trainer = new Trainer(
            batch =>
            {
                var losses = step.Run(batch.Input);
                return new Dictionary<string, double>
                {
                    ["d_loss"] = losses.DiscriminatorLoss, ["g_loss"] = losses.GeneratorLoss,
                    ["d_real"] = losses.RealScore, ["d_fake"] = losses.FakeScore,
                };
            },
            modules: [generator, discriminator],
            options: new TrainerOptions { Observers = [new EpochEndAction(_ => samples.Add(Sample(generator, fixedNoise).cpu().DetachFromDisposeScope()))] });
        trainer.Fit(loader, epochs: settings.Epochs);

        var after = GanQuality.Measure(Sample(generator, fixedNoise), realSample);
        return new GanResult(generator, discriminator, trainer.History, samples, before, after, clock.Elapsed);
    }

    /// <summary>Generated images for the given noise, pixels mapped back to [0, 1], generator in eval mode.</summary>
    public static Tensor Sample(DcganGenerator generator, Tensor noise)
    {
        var wasTraining = generator.training;
        generator.eval();
        using var _ = no_grad();
        var images = (generator.call(noise.On(generator)) + 1) / 2;
        generator.train(wasTraining);
        return images;
    }
}
