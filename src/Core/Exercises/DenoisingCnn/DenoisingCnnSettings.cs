using NeuralNotebooks.Runtime;
using TorchSharp;

namespace NeuralNotebooks.Exercises.DenoisingCnn;

/// <summary>How big exercise 20's DnCNN runs. Noise σ is on the [0, 1] pixel scale (25/255 ≈ 0.1 is DnCNN's classic setting).</summary>
public sealed record DenoisingCnnSettings(int TrainPatches, int PatchSize, int Epochs, int BatchSize, int Width, int Depth, double NoiseStd = 25.0 / 255, double LearningRate = 2e-3, int Seed = 0)
{
    /// <summary>Where the model and every tensor that meets it live.</summary>
    public torch.Device Device { get; init; } = Devices.Default;

    /// <summary>The sizes for <paramref name="mode"/>, with the seed <c>#!seed</c> last set (patches, noise and initialisation follow it).</summary>
    public static DenoisingCnnSettings For(RunMode mode) => mode == RunMode.Quick
        ? new(TrainPatches: 1024, PatchSize: 24, Epochs: 3, BatchSize: 16, Width: 24, Depth: 5, Seed: NeuralNotebooks.Runtime.Seed.Current)
        : new(TrainPatches: 32768, PatchSize: 40, Epochs: 20, BatchSize: 64, Width: 64, Depth: 17, LearningRate: 1e-3, Seed: NeuralNotebooks.Runtime.Seed.Current);
}
