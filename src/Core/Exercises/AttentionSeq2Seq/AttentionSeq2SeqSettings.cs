using NeuralNotebooks.Runtime;
using TorchSharp;

namespace NeuralNotebooks.Exercises.AttentionSeq2Seq;

/// <summary>Sizes of exercise 14 (question → answer pairs) for a run mode.</summary>
public sealed record AttentionSeq2SeqSettings(int Pairs, int Epochs, int BatchSize, int EmbeddingSize, int HiddenSize, double LearningRate,
    int BeamWidth, double ClipGradNorm = 1.0, int Seed = 0)
{
    public torch.Device Device { get; init; } = Devices.Default;

    /// <summary>The sizes for <paramref name="mode"/>, with the seed <c>#!seed</c> last set (data split and initialisation follow it).</summary>
    public static AttentionSeq2SeqSettings For(RunMode mode) => (mode == RunMode.Quick
        ? new AttentionSeq2SeqSettings(Pairs: 3400, Epochs: 12, BatchSize: 64, EmbeddingSize: 64, HiddenSize: 128, LearningRate: 3e-3, BeamWidth: 4)
        : new AttentionSeq2SeqSettings(Pairs: 22500, Epochs: 15, BatchSize: 128, EmbeddingSize: 128, HiddenSize: 256, LearningRate: 2e-3, BeamWidth: 5))
        with { Seed = Runtime.Seed.Current };
}
