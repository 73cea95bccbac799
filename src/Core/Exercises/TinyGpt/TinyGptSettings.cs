using NeuralNotebooks.Runtime;
using TorchSharp;

namespace NeuralNotebooks.Exercises.TinyGpt;

/// <summary>Sizes of exercise 17 for a run mode: the model, and a training run of <see cref="Steps"/> random batches of windows.</summary>
public sealed record TinyGptSettings(int Context, int Steps, int BatchSize, int ModelSize, int Heads, int Layers, int HiddenSize,
    double LearningRate, double Dropout = 0.1, double WeightDecay = 0.01, double ClipGradNorm = 1.0, int EvaluateEvery = 50)
{
    public int Seed { get; init; } = NeuralNotebooks.Runtime.Seed.Current;   // the seed #!seed last set: the split and the initial weights follow it
    public torch.Device Device { get; init; } = Devices.Default;

    public static TinyGptSettings For(RunMode mode) => mode == RunMode.Quick
        ? new(Context: 32, Steps: 130, BatchSize: 32, ModelSize: 64, Heads: 4, Layers: 2, HiddenSize: 128, LearningRate: 3e-3)
        : new(Context: 96, Steps: 1500, BatchSize: 64, ModelSize: 192, Heads: 6, Layers: 4, HiddenSize: 768, LearningRate: 5e-4, EvaluateEvery: 250);
}
