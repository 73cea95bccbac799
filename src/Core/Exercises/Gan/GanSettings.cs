using NeuralNotebooks.Runtime;
using TorchSharp;

namespace NeuralNotebooks.Exercises.Gan;

/// <summary>How big exercise 4's GAN runs: data, loop, network sizes and the two stabilising knobs the notebook uses. <c>For</c> takes the seed <c>#!seed</c> last set.</summary>
public sealed record GanSettings(int TrainImages, int Epochs, int BatchSize, int LatentSize, int Width, double LearningRate = 2e-4, double LabelSmoothing = 0.1, int Seed = 0)
{
    /// <summary>Where the networks and every tensor that meets them live.</summary>
    public torch.Device Device { get; init; } = Devices.Default;

    /// <summary>Quick: tens of seconds on two CPU cores; Full: all 60,000 Fashion-MNIST images, wider nets, more epochs (GPU).</summary>
    public static GanSettings For(RunMode mode) => mode == RunMode.Quick
        ? new(TrainImages: 4096, Epochs: 4, BatchSize: 64, LatentSize: 32, Width: 16, LearningRate: 1e-3, Seed: Runtime.Seed.Current)
        : new(TrainImages: 60000, Epochs: 25, BatchSize: 128, LatentSize: 100, Width: 64, Seed: Runtime.Seed.Current);
}
