using NeuralNotebooks.Runtime;
using TorchSharp;

namespace NeuralNotebooks.Exercises.LstmFromScratch;

/// <summary>
/// Exercise 3's run for each mode: <c>Sequences</c> bracket sequences of <c>MinPairs</c>..<c>MaxPairs</c> pairs
/// (lengths 2·MinPairs..2·MaxPairs), split by distinct sequence into train / validation / test.
/// </summary>
public sealed record LstmFromScratchSettings(
    int Sequences, int MinPairs, int MaxPairs, int Epochs, int BatchSize, int Hidden,
    double LearningRate = 1e-2, double ClipGradNorm = 1.0, double Validation = 0.15, double Test = 0.15)
{
    public static LstmFromScratchSettings For(RunMode mode) => mode == RunMode.Quick
        ? new(6000, 4, 12, 4, 128, 32)
        : new(30000, 4, 16, 8, 128, 64);

    public int Seed { get; init; } = NeuralNotebooks.Runtime.Seed.Current;   // the seed #!seed last set: the data, the split and the initial weights follow it
    public torch.Device Device { get; init; } = Devices.Default;
}
