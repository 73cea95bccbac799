using NeuralNotebooks.Runtime;
using TorchSharp;

namespace NeuralNotebooks.Exercises.ResNet;

/// <summary>How big the exercise-19 comparison is: depth 6·BlocksPerStage + 2, trained on Fashion-MNIST.</summary>
/// <remarks>Quick mode halves the images to 14×14 (2×2 average) so a 32-layer net fits in seconds on a CPU.</remarks>
public sealed record ResNetSettings(int BlocksPerStage, int Width, int ImageSize, int TrainImages, int TestImages, int Epochs, int BatchSize, double LearningRate, int Seed = 0)
{
    public torch.Device Device { get; init; } = Devices.Default;

    public int Depth => 6 * BlocksPerStage + 2;

    public static ResNetSettings For(RunMode mode) => mode == RunMode.Full
        ? new(BlocksPerStage: 9, Width: 16, ImageSize: 28, TrainImages: 60_000, TestImages: 10_000, Epochs: 10, BatchSize: 128, LearningRate: 0.05)
        : new(BlocksPerStage: 5, Width: 6, ImageSize: 14, TrainImages: 3_200, TestImages: 1_000, Epochs: 2, BatchSize: 64, LearningRate: 0.05);
}
