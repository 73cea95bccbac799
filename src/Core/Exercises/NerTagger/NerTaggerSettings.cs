using NeuralNotebooks.Runtime;
using TorchSharp;

namespace NeuralNotebooks.Exercises.NerTagger;

/// <summary>
/// Exercise 13's run for each mode. <c>Sentences</c> are generated from the training templates and names and split by
/// text into train / validation / test (fractions of the distinct sentences); <c>UnseenSentences</c> more are generated
/// for each generalisation test (held-out templates, held-out names). <c>WordDropout</c> is the share of training words
/// replaced by UNK at each step (0 turns it off).
/// </summary>
public sealed record NerTaggerSettings(
    int Sentences, int UnseenSentences, int Epochs, int BatchSize, int Hidden,
    double LearningRate = 3e-3, double ClipGradNorm = 1.0, double WordDropout = 0.3, double Validation = 0.1, double Test = 0.15)
{
    /// <summary>The sizes for <paramref name="mode"/>, with the seed <c>#!seed</c> last set (data and initialisation follow it).</summary>
    public static NerTaggerSettings For(RunMode mode) => (mode == RunMode.Quick
        ? new NerTaggerSettings(1090, 200, 2, 32, 32)
        : new NerTaggerSettings(24000, 2000, 10, 64, 128)) with { Seed = Runtime.Seed.Current };

    public int Seed { get; init; }
    public torch.Device Device { get; init; } = Devices.Default;
}
