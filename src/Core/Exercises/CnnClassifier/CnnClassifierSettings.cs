using NeuralNotebooks.Runtime;
using TorchSharp;

namespace NeuralNotebooks.Exercises.CnnClassifier;

/// <summary>How big the exercise-8 run is. Quick: a subset and a narrower net for two CPU cores; Full: all of Fashion-MNIST.</summary>
public sealed record CnnClassifierSettings(int TrainImages, int TestImages, int Width, int Epochs, int BatchSize, double LearningRate, int Seed = 0)
{
    public torch.Device Device { get; init; } = Devices.Default;

    /// <remarks>The seed is the one <c>#!seed</c> last set, so the split and the initial weights follow it.</remarks>
    public static CnnClassifierSettings For(RunMode mode) => (mode == RunMode.Full
        ? new CnnClassifierSettings(TrainImages: 60_000, TestImages: 10_000, Width: 32, Epochs: 15, BatchSize: 128, LearningRate: 3e-3)
        : new CnnClassifierSettings(TrainImages: 5_000, TestImages: 2_000, Width: 8, Epochs: 2, BatchSize: 64, LearningRate: 5e-3)) with { Seed = NeuralNotebooks.Runtime.Seed.Current };
}
