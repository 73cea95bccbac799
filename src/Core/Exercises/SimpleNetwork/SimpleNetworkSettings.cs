using NeuralNotebooks.Runtime;
using TorchSharp;

namespace NeuralNotebooks.Exercises.SimpleNetwork;

/// <summary>How long exercise 1 trains (tiny either way; full mode only trains longer and on more points).</summary>
public sealed record SimpleNetworkSettings(int Hidden, double LearningRate, int XorSteps, int MoonPoints, double MoonNoise, int Epochs, int BatchSize, int Seed = 0)
{
    public torch.Device Device { get; init; } = Devices.Default;

    public static SimpleNetworkSettings For(RunMode mode) => mode == RunMode.Full
        ? new(Hidden: 16, LearningRate: 0.5, XorSteps: 3000, MoonPoints: 1000, MoonNoise: 0.2, Epochs: 200, BatchSize: 32, Seed: NeuralNotebooks.Runtime.Seed.Current)   // the seed #!seed last set
        : new(Hidden: 16, LearningRate: 0.5, XorSteps: 1500, MoonPoints: 400, MoonNoise: 0.2, Epochs: 100, BatchSize: 32, Seed: NeuralNotebooks.Runtime.Seed.Current);
}
