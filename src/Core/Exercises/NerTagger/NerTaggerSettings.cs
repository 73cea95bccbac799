using NeuralNotebooks.Runtime;
using TorchSharp;

namespace NeuralNotebooks.Exercises.NerTagger;

/// <summary>Exercise 13's run for each mode; <c>TrainSentences</c> includes the validation share.</summary>
public sealed record NerTaggerSettings(
    int TrainSentences, int TestSentences, int Epochs, int BatchSize, int Hidden,
    double LearningRate = 3e-3, double ClipGradNorm = 1.0, double Validation = 0.1)
{
    public static NerTaggerSettings For(RunMode mode) => mode == RunMode.Quick
        ? new(890, 200, 2, 32, 32)
        : new(22000, 2000, 10, 64, 128);

    public int Seed { get; init; }
    public torch.Device Device { get; init; } = Devices.Default;
}
