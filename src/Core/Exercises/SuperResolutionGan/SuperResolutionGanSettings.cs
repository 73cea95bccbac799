using NeuralNotebooks.Runtime;
using TorchSharp;

namespace NeuralNotebooks.Exercises.SuperResolutionGan;

/// <summary>How big exercise 12's SRGAN-lite runs; <c>AdversarialWeight</c> is w in pixel MSE + w·adversarial.</summary>
public sealed record SuperResolutionGanSettings(int TrainPatches, int PatchSize, int Epochs, int BatchSize, int Width, int ResidualBlocks, double LearningRate = 1e-3, double AdversarialWeight = 1e-3, int Seed = 0)
{
    /// <summary>Where the networks and every tensor that meets them live.</summary>
    public torch.Device Device { get; init; } = Devices.Default;

    public static SuperResolutionGanSettings For(RunMode mode) => mode == RunMode.Quick
        ? new(TrainPatches: 768, PatchSize: 32, Epochs: 2, BatchSize: 16, Width: 24, ResidualBlocks: 2, LearningRate: 2e-3, AdversarialWeight: 1e-4)
        : new(TrainPatches: 16384, PatchSize: 48, Epochs: 20, BatchSize: 32, Width: 64, ResidualBlocks: 8, LearningRate: 2e-4);
}
