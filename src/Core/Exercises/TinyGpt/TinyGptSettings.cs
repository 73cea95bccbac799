using NeuralNotebooks.Runtime;
using TorchSharp;

namespace NeuralNotebooks.Exercises.TinyGpt;

/// <summary>
/// Sizes of exercise 17 for a run mode: the model, and a training run of <see cref="Steps"/> random batches of windows,
/// evaluated on validation text every <see cref="EvaluateEvery"/> steps (the best step's weights are kept). Characters
/// seen fewer than <see cref="MinCount"/> times in training become UNK; <see cref="LinePlaces"/> gives the model the
/// place of each character in its line.
/// </summary>
public sealed record TinyGptSettings(int Context, int Steps, int BatchSize, int ModelSize, int Heads, int Layers, int HiddenSize,
    double LearningRate, double Dropout = 0.2, double WeightDecay = 0.1, double ClipGradNorm = 1.0, int EvaluateEvery = 25,
    int MinCount = 5, bool LinePlaces = true)
{
    public int Seed { get; init; } = NeuralNotebooks.Runtime.Seed.Current;   // the seed #!seed last set: the split and the initial weights follow it
    public torch.Device Device { get; init; } = Devices.Default;

    public static TinyGptSettings For(RunMode mode) => mode == RunMode.Quick
        ? new(Context: 32, Steps: 250, BatchSize: 32, ModelSize: 64, Heads: 4, Layers: 2, HiddenSize: 128, LearningRate: 3e-3)
        : new(Context: 96, Steps: 1500, BatchSize: 64, ModelSize: 192, Heads: 6, Layers: 4, HiddenSize: 768, LearningRate: 5e-4, EvaluateEvery: 100);
}
