using NeuralNotebooks.Runtime;
using TorchSharp;

namespace NeuralNotebooks.Exercises.SuperResolutionGan;

/// <summary>
/// How big exercise 12's SRGAN-lite runs. Two stages, as in SRGAN: <c>PretrainEpochs</c> of pixel loss alone
/// (SRResNet) at <c>LearningRate</c>, then <c>Epochs</c> of adversarial fine-tuning at <c>FineTuneLearningRate</c>
/// with loss pixel MSE + <c>AdversarialWeight</c> · adversarial.
/// </summary>
public sealed record SuperResolutionGanSettings(int TrainPatches, int PatchSize, int Epochs, int BatchSize, int Width, int ResidualBlocks, double LearningRate = 1e-3, double AdversarialWeight = 1e-3, int Seed = 0)
{
    /// <summary>Epochs of pixel-loss pre-training (SRResNet) before the adversarial fine-tuning.</summary>
    public int PretrainEpochs { get; init; } = 4;

    /// <summary>The generator's (and discriminator's) learning rate during the adversarial fine-tuning.</summary>
    public double FineTuneLearningRate { get; init; } = 1e-4;

    /// <summary>Where the networks and every tensor that meets them live.</summary>
    public torch.Device Device { get; init; } = Devices.Default;

    public static SuperResolutionGanSettings For(RunMode mode) => (mode == RunMode.Quick
        ? new SuperResolutionGanSettings(TrainPatches: 768, PatchSize: 32, Epochs: 1, BatchSize: 16, Width: 24, ResidualBlocks: 2, LearningRate: 2e-3, AdversarialWeight: 1e-3)
            { PretrainEpochs = 4, FineTuneLearningRate = 2e-4 }
        : new SuperResolutionGanSettings(TrainPatches: 16384, PatchSize: 48, Epochs: 10, BatchSize: 32, Width: 64, ResidualBlocks: 8, LearningRate: 2e-4, AdversarialWeight: 1e-3)
            { PretrainEpochs = 20, FineTuneLearningRate = 1e-4 })
        with { Seed = Runtime.Seed.Current };
}
