using NeuralNotebooks.Runtime;
using TorchSharp;

namespace NeuralNotebooks.Exercises.DenoisingAutoencoder;

/// <summary>How big exercise 7's denoising autoencoder runs. Noise σ is on the [0, 1] pixel scale.</summary>
public sealed record DenoisingAutoencoderSettings(int TrainImages, int TestImages, int Epochs, int BatchSize, int Width, int Bottleneck, double NoiseStd = 0.3, double LearningRate = 2e-3, int Seed = 0)
{
    /// <summary>Where the model and every tensor that meets it live.</summary>
    public torch.Device Device { get; init; } = Devices.Default;

    /// <summary>The sizes for <paramref name="mode"/>, with the seed <c>#!seed</c> last set (split, noise and initialisation follow it).</summary>
    public static DenoisingAutoencoderSettings For(RunMode mode) => mode == RunMode.Quick
        ? new(TrainImages: 4096, TestImages: 1000, Epochs: 3, BatchSize: 64, Width: 16, Bottleneck: 8, Seed: NeuralNotebooks.Runtime.Seed.Current)
        : new(TrainImages: 60000, TestImages: 10000, Epochs: 15, BatchSize: 128, Width: 64, Bottleneck: 16, LearningRate: 1e-3, Seed: NeuralNotebooks.Runtime.Seed.Current);
}
