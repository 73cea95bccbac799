using NeuralNotebooks.Runtime;
using TorchSharp;

namespace NeuralNotebooks.Exercises.DigitRecognition;

/// <summary>
/// How big the exercise-18 run is (the 8×8 digits are small, so quick and full differ only in epochs and width).
/// <see cref="TestFraction"/> of the digits is held out for the final test, <see cref="ValidationFraction"/> for watching training.
/// </summary>
public sealed record DigitRecognitionSettings(int Width, int Epochs, int BatchSize, double LearningRate, double TestFraction = 0.2, double ValidationFraction = 0.1, int Seed = 0)
{
    public torch.Device Device { get; init; } = Devices.Default;

    public static DigitRecognitionSettings For(RunMode mode) => mode == RunMode.Full
        ? new(Width: 32, Epochs: 40, BatchSize: 32, LearningRate: 3e-3, Seed: NeuralNotebooks.Runtime.Seed.Current)   // the seed #!seed last set
        : new(Width: 16, Epochs: 8, BatchSize: 32, LearningRate: 5e-3, Seed: NeuralNotebooks.Runtime.Seed.Current);
}
