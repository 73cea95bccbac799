using NeuralNotebooks.Runtime;
using TorchSharp;

namespace NeuralNotebooks.Exercises.TextCnn;

/// <summary>
/// Exercise 11's run for each mode. About 1,400 short texts: a small model does as well as a wide one in quick mode.
/// </summary>
public sealed record TextCnnSettings(
    int MaxLength, int Epochs, int BatchSize, int EmbeddingSize, int FiltersPerWidth,
    double LearningRate = 3e-3, double WeightDecay = 1e-4, double ClipGradNorm = 1.0, double TestShare = 0.25, double Validation = 0.1)
{
    public static TextCnnSettings For(RunMode mode) => mode == RunMode.Quick
        ? new(128, 16, 32, 32, 32)
        : new(256, 30, 32, 64, 64);

    public int Seed { get; init; } = NeuralNotebooks.Runtime.Seed.Current;   // the seed #!seed last set: the split and the initial weights follow it
    public torch.Device Device { get; init; } = Devices.Default;
}
