using NeuralNotebooks.Runtime;
using TorchSharp;

namespace NeuralNotebooks.Exercises.TransformerTranslation;

/// <summary>
/// Sizes of exercise 15 for a run mode. No dropout: every epoch sees thousands of new dates and the model
/// underfits rather than overfits, so dropout would only slow it down.
/// </summary>
public sealed record TransformerTranslationSettings(int Pairs, int Epochs, int BatchSize, int ModelSize, int Heads, int Layers, int HiddenSize,
    double LearningRate, double Dropout = 0.0, double WarmupFraction = 0.1, double LabelSmoothing = 0.1, double ClipGradNorm = 1.0, int Seed = 0)
{
    public torch.Device Device { get; init; } = Devices.Default;

    /// <summary>The sizes for <paramref name="mode"/>, with the seed <c>#!seed</c> last set (data split and initialisation follow it).</summary>
    public static TransformerTranslationSettings For(RunMode mode) => (mode == RunMode.Quick
        ? new TransformerTranslationSettings(Pairs: 6750, Epochs: 4, BatchSize: 64, ModelSize: 64, Heads: 4, Layers: 2, HiddenSize: 128, LearningRate: 5e-3)
        : new TransformerTranslationSettings(Pairs: 37500, Epochs: 8, BatchSize: 128, ModelSize: 128, Heads: 4, Layers: 3, HiddenSize: 256, LearningRate: 2e-3))
        with { Seed = Runtime.Seed.Current };
}
