using NeuralNotebooks.Runtime;
using TorchSharp;

namespace NeuralNotebooks.Exercises.LstmFromScratch;

/// <summary>
/// Exercise 3's run for each mode. <c>Downsample</c> 1 reads the 28×28 image as 28 rows of 28 pixels; 2 halves
/// it first (14 rows of 14), about four times cheaper. <c>TrainExamples</c> includes the validation share.
/// </summary>
public sealed record LstmFromScratchSettings(
    int TrainExamples, int TestExamples, int Epochs, int BatchSize, int Hidden, int Downsample,
    double LearningRate = 3e-3, double ClipGradNorm = 1.0, double Validation = 0.1)
{
    public static LstmFromScratchSettings For(RunMode mode) => mode == RunMode.Quick
        ? new(8000, 1000, 3, 64, 48, 2)
        : new(60000, 10000, 10, 128, 128, 1);

    public int Side => 28 / Downsample;
    public int Seed { get; init; } = NeuralNotebooks.Runtime.Seed.Current;   // the seed #!seed last set: the split and the initial weights follow it
    public torch.Device Device { get; init; } = Devices.Default;
}
