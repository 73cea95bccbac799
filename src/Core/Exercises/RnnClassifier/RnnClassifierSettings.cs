using NeuralNotebooks.Runtime;
using TorchSharp;

namespace NeuralNotebooks.Exercises.RnnClassifier;

/// <summary>Exercise 9's run for each mode: the task, data sizes (training includes the validation share) and the one budget all three layers get.</summary>
public sealed record RnnClassifierSettings(
    LongRangeTask Task, int TrainExamples, int TestExamples, int Epochs, int BatchSize, int Embedding, int Hidden,
    double LearningRate, double ClipGradNorm = 1.0, double Validation = 0.1)
{
    public static RnnClassifierSettings For(RunMode mode) => mode == RunMode.Quick
        ? new(new LongRangeTask(Classes: 4, NoiseTokens: 16, MinLength: 5, MaxLength: 30), 1700, 512, 3, 64, 16, 32, 1e-2)
        : new(new LongRangeTask(Classes: 4, NoiseTokens: 16, MinLength: 20, MaxLength: 200), 22000, 2000, 10, 64, 16, 64, 3e-3);

    public int Seed { get; init; } = NeuralNotebooks.Runtime.Seed.Current;   // the seed #!seed last set: the split and the initial weights follow it
    public torch.Device Device { get; init; } = Devices.Default;
}
