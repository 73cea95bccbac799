using NeuralNotebooks.Runtime;
using TorchSharp;

namespace NeuralNotebooks.Exercises.ImageTranslationGan;

/// <summary>How big exercise 16's pix2pix runs (the L1 weight λ is notebook code).</summary>
public sealed record ImageTranslationGanSettings(int TrainImages, int TestImages, int Epochs, int BatchSize, int Width, double LearningRate = 2e-4, int Seed = 0)
{
    /// <summary>Where the networks and every tensor that meets them live.</summary>
    public torch.Device Device { get; init; } = Devices.Default;

    public static ImageTranslationGanSettings For(RunMode mode) => mode == RunMode.Quick
        ? new(TrainImages: 2048, TestImages: 500, Epochs: 2, BatchSize: 32, Width: 16, LearningRate: 1e-3, Seed: Runtime.Seed.Current)
        : new(TrainImages: 60000, TestImages: 10000, Epochs: 15, BatchSize: 64, Width: 64, Seed: Runtime.Seed.Current);
}
