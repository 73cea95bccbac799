using NeuralNotebooks.Runtime;
using TorchSharp;

namespace NeuralNotebooks.Exercises.ImageTranslationGan;

/// <summary>
/// How big exercise 16's CycleGAN runs. Domain A gets <c>ImagesPerDomain</c> Fashion-MNIST training photos, domain
/// B the bold versions of <c>ImagesPerDomain</c> <i>other</i> training photos, and <c>ValidationImages</c>
/// further photos (with their bold versions, for measuring only) choose the baseline and show the learning curve;
/// <c>TestImages</c> come from Fashion-MNIST's test split, from image <c>FirstTestImage</c> on, and are scored once.
/// The recipe (networks, learning rates, loss weights) was tuned in separate runs that measured on the test
/// split's first 1,000 images; starting the test set at 5,000 keeps it away from everything the tuning saw.
/// </summary>
public sealed record ImageTranslationGanSettings(int ImagesPerDomain, int ValidationImages, int TestImages, int Epochs, int BatchSize,
    int Width, int DiscriminatorWidth, double GeneratorLearningRate = 5e-3, double DiscriminatorLearningRate = 2e-3,
    double CycleWeight = 1, double IdentityWeight = 0.1, int FirstTestImage = 5000)
{
    /// <summary>Seeds the split, the shuffling and the networks' initialisation; follows <c>#!seed</c>.</summary>
    public int Seed { get; init; } = Runtime.Seed.Current;

    /// <summary>Where the networks and every tensor that meets them live.</summary>
    public torch.Device Device { get; init; } = Devices.Default;

    public static ImageTranslationGanSettings For(RunMode mode) => mode == RunMode.Quick
        ? new(ImagesPerDomain: 2000, ValidationImages: 500, TestImages: 1000, Epochs: 4, BatchSize: 16, Width: 8, DiscriminatorWidth: 16) { Seed = Runtime.Seed.Current }
        // Full mode: the same networks and learning rates, 12.5× the images and twice the epochs (not tuned separately).
        : new(ImagesPerDomain: 20000, ValidationImages: 5000, TestImages: 5000, Epochs: 8, BatchSize: 16, Width: 8, DiscriminatorWidth: 16) { Seed = Runtime.Seed.Current };
}
