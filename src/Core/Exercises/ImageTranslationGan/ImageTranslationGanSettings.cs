using NeuralNotebooks.Runtime;
using TorchSharp;

namespace NeuralNotebooks.Exercises.ImageTranslationGan;

/// <summary>
/// How big exercise 16's CycleGAN runs. <c>ImagesPerDomain</c> training images go to each domain (different
/// images: A gets one half of the training photos, B the negatives of the other half); <c>TestImages</c>
/// come from MNIST's test split and are scored once. Nothing is chosen from data (the settings are fixed in
/// advance), so there is no validation split.
/// </summary>
public sealed record ImageTranslationGanSettings(int ImagesPerDomain, int TestImages, int Epochs, int BatchSize, int Width,
    double LearningRate = 2e-4, double CycleWeight = 10, double IdentityWeight = 0.5)
{
    /// <summary>Seeds the split, the shuffling and the networks' initialisation; follows <c>#!seed</c>.</summary>
    public int Seed { get; init; } = Runtime.Seed.Current;

    /// <summary>Where the networks and every tensor that meets them live.</summary>
    public torch.Device Device { get; init; } = Devices.Default;

    public static ImageTranslationGanSettings For(RunMode mode) => mode == RunMode.Quick
        ? new(ImagesPerDomain: 1024, TestImages: 1000, Epochs: 1, BatchSize: 16, Width: 8, LearningRate: 2e-3) { Seed = Runtime.Seed.Current }
        : new(ImagesPerDomain: 29000, TestImages: 10000, Epochs: 10, BatchSize: 16, Width: 32) { Seed = Runtime.Seed.Current };
}
