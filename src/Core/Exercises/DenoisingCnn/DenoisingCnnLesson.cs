using NeuralNotebooks.Data;
using NeuralNotebooks.Data.Synthetic;
using NeuralNotebooks.Runtime;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.DenoisingCnn;

/// <summary>How big the DnCNN lesson runs. Noise σ is on the [0, 1] pixel scale (25/255 ≈ 0.1 is DnCNN's classic setting).</summary>
public sealed record DenoisingCnnSettings(int TrainPatches, int PatchSize, int Epochs, int BatchSize, int Width, int Depth, double NoiseStd = 25.0 / 255, double LearningRate = 2e-3)
{
    public static DenoisingCnnSettings For(RunMode mode) => mode == RunMode.Quick
        ? new(TrainPatches: 1024, PatchSize: 24, Epochs: 2, BatchSize: 16, Width: 24, Depth: 5)
        : new(TrainPatches: 32768, PatchSize: 40, Epochs: 20, BatchSize: 64, Width: 64, Depth: 17, LearningRate: 1e-3);
}

/// <summary>
/// Exercise 20 — a CNN for image denoising. <see cref="DnCnn"/> is trained with the standard Core
/// trainer to map a noisy grey patch of a real photo to <b>its noise</b> (residual learning); the clean
/// estimate is noisy − predicted noise. Judged on held-out patches (the right quarter of each photo) by
/// the PSNR gain over the noisy input.
/// </summary>
public static class DenoisingCnnLesson
{
    /// <param name="photos">RGB photos, each (3, H, W) in [0, 1]; the lesson works on their grey versions.</param>
    /// <param name="settings">Sizes for the run mode (see the settings record).</param>
    /// <param name="device">Where to train; the default device when null.</param>
    public static DenoisingResult<DnCnn> Train(IReadOnlyList<Tensor> photos, DenoisingCnnSettings settings, Device? device = null)
    {
        device ??= Devices.Default;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var clean = PhotoPatches.Grey(PhotoPatches.Train(photos, settings.TrainPatches, settings.PatchSize, seed: Seed.Current));
        var testClean = PhotoPatches.Grey(PhotoPatches.HeldOut(photos, 2 * settings.PatchSize));
        using var trainSet = ResidualPairs(clean, settings.NoiseStd, Seed.Current);
        using var testSet = ResidualPairs(testClean, settings.NoiseStd, Seed.Current + 1);

        var model = new DnCnn(channels: 1, settings.Width, settings.Depth).to(device);
        var trainer = new Trainer(model, nn.MSELoss(), optim.Adam(model.parameters(), settings.LearningRate));
        trainer.Fit(new DataLoader(trainSet, settings.BatchSize, shuffle: true, device: device),
                    new DataLoader(testSet, 64, device: device), settings.Epochs);

        model.eval();
        using var _ = no_grad();
        var noisy = testSet.Tensors[0].to(device);
        var denoised = model.Denoise(noisy).clamp(0, 1);
        var noisyPsnr = Metrics.Psnr(noisy, testClean);
        var denoisedPsnr = Metrics.Psnr(denoised, testClean);
        var examples = arange(0, testClean.shape[0], Math.Max(1, testClean.shape[0] / 6))[..6];
        Tensor Pick(Tensor t) => t.index_select(0, examples.to(t.device)).cpu().DetachFromDisposeScope();
        return new DenoisingResult<DnCnn>(model, trainer.History, noisyPsnr, denoisedPsnr,
            Pick(testClean), Pick(noisy), Pick(denoised), clock.Elapsed);
    }

    /// <summary>(noisy, noise) pairs: Core's noisy/clean pairs, with the residual noisy − clean as the target (residual learning).</summary>
    static TensorDataset ResidualPairs(Tensor clean, double noiseStd, int seed)
    {
        using var pairs = NoisyImages.Create(clean, noiseStd, seed, "grey photo patches");
        var (noisy, cleanTarget) = (pairs.Tensors[0], pairs.Tensors[1]);
        // Copies: disposing the pairs disposes their tensors.
        return new TensorDataset([noisy.clone(), noisy - cleanTarget], pairs.Source + "; target: the noise (noisy − clean)");
    }
}
