using NeuralNotebooks.Runtime;
using TorchSharp;

namespace NeuralNotebooks.Exercises.CnnRnn;

/// <summary>Exercise 10's run for each mode; <c>TrainClips</c> includes the validation share.</summary>
public sealed record CnnRnnSettings(
    int TrainClips, int TestClips, int Frames, int Canvas, int Epochs, int BatchSize,
    double LearningRate = 3e-3, double ClipGradNorm = 1.0, double Validation = 0.1)
{
    public static CnnRnnSettings For(RunMode mode) => mode == RunMode.Quick
        ? new(1330, 400, 8, 16, 1, 32) { Seed = NeuralNotebooks.Runtime.Seed.Current }       // the seed #!seed last set: data and init follow it
        : new(22000, 2000, 12, 24, 10, 64) { Seed = NeuralNotebooks.Runtime.Seed.Current };

    public int Seed { get; init; }
    public torch.Device Device { get; init; } = Devices.Default;
}
