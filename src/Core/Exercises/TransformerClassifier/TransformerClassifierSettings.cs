using NeuralNotebooks.Runtime;
using TorchSharp;

namespace NeuralNotebooks.Exercises.TransformerClassifier;

/// <summary>
/// Sizes of exercise 6 for a run mode. <see cref="TestShare"/> of the texts is held out by poem for the final test;
/// <see cref="ValidationShare"/> of the rest (again by poem) is watched during training.
/// </summary>
public sealed record TransformerClassifierSettings(int MaxLength, int Epochs, int BatchSize, int ModelSize, int Heads, int Layers, int HiddenSize,
    double LearningRate, double Dropout = 0.1, double WeightDecay = 0.01, double TestShare = 0.25, double ValidationShare = 0.1)
{
    public int Seed { get; init; } = NeuralNotebooks.Runtime.Seed.Current;   // the seed #!seed last set: the split and the initial weights follow it
    public torch.Device Device { get; init; } = Devices.Default;

    public static TransformerClassifierSettings For(RunMode mode) => mode == RunMode.Quick
        ? new(MaxLength: 64, Epochs: 10, BatchSize: 32, ModelSize: 64, Heads: 4, Layers: 2, HiddenSize: 128, LearningRate: 1e-3)
        : new(MaxLength: 160, Epochs: 40, BatchSize: 32, ModelSize: 128, Heads: 4, Layers: 3, HiddenSize: 256, LearningRate: 5e-4);
}
