using NeuralNotebooks.Data;
using NeuralNotebooks.Runtime;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.ImageTranslationGan;

/// <summary>How big the pix2pix lesson runs.</summary>
public sealed record ImageTranslationGanSettings(int TrainImages, int TestImages, int Epochs, int BatchSize, int Width, double LearningRate = 2e-4, double L1Weight = 100)
{
    public static ImageTranslationGanSettings For(RunMode mode) => mode == RunMode.Quick
        ? new(TrainImages: 2048, TestImages: 500, Epochs: 2, BatchSize: 32, Width: 16, LearningRate: 1e-3)
        : new(TrainImages: 60000, TestImages: 10000, Epochs: 15, BatchSize: 64, Width: 64);
}

/// <summary>
/// What the lesson produced: the networks, the history, held-out L1 error (pixels in [0, 1]) of the
/// translation and of a baseline that paints the average training image, and before/after examples.
/// </summary>
public sealed record ImageTranslationGanResult(
    UNetGenerator Generator,
    PatchDiscriminator Discriminator,
    TrainingHistory History,
    double TestL1,
    double MeanImageL1,
    Tensor ExampleEdges,
    Tensor ExampleTranslated,
    Tensor ExampleReal,
    TimeSpan Elapsed);

/// <summary>
/// Exercise 16 — image-to-image translation with a GAN. pix2pix-style: edge drawings of real
/// Fashion-MNIST images (<see cref="EdgeMaps"/>) are translated back into images by a U-Net generator
/// judged by a conditional PatchGAN discriminator, trained with the Core trainer's custom-step form
/// (<see cref="Pix2PixStep"/>). Nothing is pretrained — no weights can be downloaded here, and none are
/// needed: the paired data teaches the mapping. (Gatys-style style transfer is different: it optimises
/// one image so a pretrained VGG's feature statistics match a style image, with no generator and no
/// discriminator, and it needs those pretrained weights.)
/// </summary>
public static class ImageTranslationGanLesson
{
    /// <param name="train">Clean training images (N, 1, H, W) in [0, 1], H and W multiples of 4.</param>
    /// <param name="test">Held-out images, same layout.</param>
    /// <param name="settings">Sizes for the run mode (see the settings record).</param>
    /// <param name="device">Where to train; the default device when null.</param>
    public static ImageTranslationGanResult Train(Tensor train, Tensor test, ImageTranslationGanSettings settings, Device? device = null)
    {
        device ??= Devices.Default;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var images = train[..(int)Math.Min(settings.TrainImages, train.shape[0])];
        var testImages = test[..(int)Math.Min(settings.TestImages, test.shape[0])];
        // Both domains scaled to [-1, 1] to match the generator's tanh.
        using var trainSet = new TensorDataset([EdgeMaps.Sobel(images) * 2 - 1, images * 2 - 1], "Sobel edges → Fashion-MNIST images");
        using var testSet = new TensorDataset([EdgeMaps.Sobel(testImages) * 2 - 1, testImages * 2 - 1], "held-out pairs");

        var generator = new UNetGenerator(settings.Width).to(device);
        var discriminator = new PatchDiscriminator(settings.Width).to(device);
        var step = new Pix2PixStep(generator, discriminator, settings.LearningRate, settings.L1Weight);
        var trainer = new Trainer(
            batch =>
            {
                var losses = step.Run(batch[0], batch[1]);
                return new Dictionary<string, double> { ["d_loss"] = losses.DiscriminatorLoss, ["g_adversarial"] = losses.AdversarialLoss, ["l1"] = losses.L1Loss };
            },
            evaluate: batch => new Dictionary<string, double> { ["l1"] = nn.functional.l1_loss(generator.call(batch[0]), batch[1]).item<float>() },
            modules: [generator, discriminator]);
        trainer.Fit(new DataLoader(trainSet, settings.BatchSize, shuffle: true, dropLast: true, device: device),
                    new DataLoader(testSet, 256, device: device), settings.Epochs);

        generator.eval();
        using var _ = no_grad();
        var edges = testSet.Tensors[0].to(device);
        var translated = (generator.call(edges) + 1) / 2;                                  // back to [0, 1]
        var real = testImages.to(device);
        var testL1 = (translated - real).abs().mean().item<float>();
        var meanImageL1 = (images.mean([0], keepdim: true).to(device) - real).abs().mean().item<float>();
        return new ImageTranslationGanResult(generator, discriminator, trainer.History, testL1, meanImageL1,
            ((edges[..8] + 1) / 2).cpu().DetachFromDisposeScope(), translated[..8].cpu().DetachFromDisposeScope(), real[..8].cpu().DetachFromDisposeScope(),
            clock.Elapsed);
    }
}
