using NeuralNotebooks.Runtime;
using TorchSharp;

namespace NeuralNotebooks.Exercises.ResNet;

/// <summary>How big the exercise-19 comparison is: depth 6·BlocksPerStage + 2, trained on Fashion-MNIST.</summary>
/// <remarks>Quick mode halves the images to 14×14 (2×2 average) so a 32-layer net fits in seconds on a CPU.</remarks>
public sealed record ResNetSettings(int BlocksPerStage, int Width, int ImageSize, int TrainImages, int TestImages, int Epochs, int BatchSize, double LearningRate, int Seed = 0)
{
    public torch.Device Device { get; init; } = Devices.Default;

    public int Depth => 6 * BlocksPerStage + 2;

    /// <summary>Blocks per stage of the shallower plain net He et al.'s degradation is measured against.</summary>
    public int ShallowBlocksPerStage { get; init; } = 1;

    public int ShallowDepth => 6 * ShallowBlocksPerStage + 2;

    /// <remarks>The seed is the one <c>#!seed</c> last set, so the split and the initial weights follow it.</remarks>
    public static ResNetSettings For(RunMode mode) => (mode == RunMode.Full
        ? new ResNetSettings(BlocksPerStage: 9, Width: 16, ImageSize: 28, TrainImages: 60_000, TestImages: 10_000, Epochs: 10, BatchSize: 128, LearningRate: 0.05) { ShallowBlocksPerStage = 3 }
        : new ResNetSettings(BlocksPerStage: 5, Width: 6, ImageSize: 14, TrainImages: 3_200, TestImages: 1_000, Epochs: 2, BatchSize: 64, LearningRate: 0.05)) with { Seed = NeuralNotebooks.Runtime.Seed.Current };
}
