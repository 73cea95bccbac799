using NeuralNotebooks.Runtime;
using TorchSharp;

namespace NeuralNotebooks.Exercises.SelfAttention;

/// <summary>Sizes of exercise 5 (the reversal task) for a run mode; a notebook may change any of them with <c>with { … }</c>.</summary>
public sealed record SelfAttentionSettings(int Vocabulary, int Length, int Examples, int Epochs, int BatchSize, int ModelSize, int Heads,
    double LearningRate, int Seed = 0)
{
    public torch.Device Device { get; init; } = Devices.Default;

    /// <summary>The sizes for <paramref name="mode"/>, with the seed <c>#!seed</c> last set (data split and initialisation follow it).</summary>
    public static SelfAttentionSettings For(RunMode mode) => (mode == RunMode.Quick
        ? new SelfAttentionSettings(Vocabulary: 10, Length: 8, Examples: 3400, Epochs: 3, BatchSize: 64, ModelSize: 64, Heads: 2, LearningRate: 3e-3)
        : new SelfAttentionSettings(Vocabulary: 10, Length: 12, Examples: 45000, Epochs: 10, BatchSize: 128, ModelSize: 64, Heads: 2, LearningRate: 3e-3))
        with { Seed = Runtime.Seed.Current };
}
