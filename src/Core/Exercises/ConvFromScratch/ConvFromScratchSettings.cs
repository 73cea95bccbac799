using NeuralNotebooks.Runtime;
using TorchSharp;

namespace NeuralNotebooks.Exercises.ConvFromScratch;

/// <summary>How big the exercise-2 training run is.</summary>
public sealed record ConvFromScratchSettings(int TrainImages, int TestImages, int Width, int Epochs, int BatchSize, double LearningRate, int Seed = 0)
{
    public torch.Device Device { get; init; } = Devices.Default;

    public static ConvFromScratchSettings For(RunMode mode) => mode == RunMode.Full
        ? new(TrainImages: 60_000, TestImages: 10_000, Width: 16, Epochs: 5, BatchSize: 128, LearningRate: 2e-3, Seed: NeuralNotebooks.Runtime.Seed.Current)   // the seed #!seed last set
        : new(TrainImages: 4_000, TestImages: 1_000, Width: 8, Epochs: 2, BatchSize: 64, LearningRate: 3e-3, Seed: NeuralNotebooks.Runtime.Seed.Current);
}
