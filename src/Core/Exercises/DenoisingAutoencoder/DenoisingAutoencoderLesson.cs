using NeuralNotebooks.Data;
using NeuralNotebooks.Data.Synthetic;
using NeuralNotebooks.Runtime;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.DenoisingAutoencoder;

/// <summary>How big the denoising-autoencoder lesson runs.</summary>
public sealed record DenoisingAutoencoderSettings(int TrainImages, int TestImages, int Epochs, int BatchSize, int Width, int Bottleneck, double NoiseStd = 0.3, double LearningRate = 2e-3)
{
    public static DenoisingAutoencoderSettings For(RunMode mode) => mode == RunMode.Quick
        ? new(TrainImages: 4096, TestImages: 1000, Epochs: 2, BatchSize: 64, Width: 16, Bottleneck: 8)
        : new(TrainImages: 60000, TestImages: 10000, Epochs: 15, BatchSize: 128, Width: 64, Bottleneck: 16, LearningRate: 1e-3);
}

/// <summary>
/// Exercise 7 — an autoencoder for image denoising. <see cref="ConvDenoisingAutoencoder"/> is trained
/// with the standard Core trainer on (noisy, clean) pairs of real Fashion-MNIST images, MSE loss, and
/// judged on held-out images by PSNR (noisy vs clean, reconstructed vs clean). The interview point: the
/// target is the <i>clean</i> image, not the input (the guide trains input → input, which learns the
/// identity), and a bottleneck forces a representation of what clothing looks like, not of the noise.
/// </summary>
public static class DenoisingAutoencoderLesson
{
    /// <param name="train">Clean training images (N, 1, H, W) in [0, 1], H and W multiples of 4.</param>
    /// <param name="test">Clean held-out images, same layout.</param>
    /// <param name="settings">Sizes for the run mode (see the settings record).</param>
    /// <param name="device">Where to train; the default device when null.</param>
    public static DenoisingResult<ConvDenoisingAutoencoder> Train(Tensor train, Tensor test, DenoisingAutoencoderSettings settings, Device? device = null)
    {
        device ??= Devices.Default;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var clean = train[..(int)Math.Min(settings.TrainImages, train.shape[0])];
        var testClean = test[..(int)Math.Min(settings.TestImages, test.shape[0])];
        // One fixed noise draw per image (a new draw per epoch would also do; fixed keeps runs comparable).
        using var trainSet = NoisyImages.Create(clean, settings.NoiseStd, Seed.Current, "Fashion-MNIST training images");
        using var testSet = NoisyImages.Create(testClean, settings.NoiseStd, Seed.Current + 1, "held-out Fashion-MNIST test images");

        var model = new ConvDenoisingAutoencoder(channels: (int)clean.shape[1], settings.Width, settings.Bottleneck).to(device);
        var trainer = new Trainer(model, nn.MSELoss(), optim.Adam(model.parameters(), settings.LearningRate),
            new TrainerOptions { Metrics = [Metric.Psnr()] });
        trainer.Fit(new DataLoader(trainSet, settings.BatchSize, shuffle: true, device: device),
                    new DataLoader(testSet, 256, device: device), settings.Epochs);

        model.eval();
        using var _ = no_grad();
        var noisyTest = testSet.Tensors[0].to(device);
        var denoised = model.call(noisyTest);
        var noisyPsnr = Metrics.Psnr(noisyTest, testClean);
        var denoisedPsnr = Metrics.Psnr(denoised, testClean);
        return new DenoisingResult<ConvDenoisingAutoencoder>(model, trainer.History, noisyPsnr, denoisedPsnr,
            testClean[..8].cpu().DetachFromDisposeScope(), noisyTest[..8].cpu().DetachFromDisposeScope(), denoised[..8].cpu().DetachFromDisposeScope(),
            clock.Elapsed);
    }
}
