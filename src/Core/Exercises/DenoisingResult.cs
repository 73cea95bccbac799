using NeuralNotebooks.Training;
using TorchSharp;

namespace NeuralNotebooks.Exercises;

/// <summary>
/// What a denoising lesson produced: the trained model, the history, the PSNR (dB) of the noisy and the
/// denoised held-out images against the clean ones, and a few examples (clean, noisy, denoised) to show.
/// </summary>
public sealed record DenoisingResult<TModel>(
    TModel Model,
    TrainingHistory History,
    double NoisyPsnr,
    double DenoisedPsnr,
    torch.Tensor ExampleClean,
    torch.Tensor ExampleNoisy,
    torch.Tensor ExampleDenoised,
    TimeSpan Elapsed)
{
    /// <summary>The gain in dB over the noisy input.</summary>
    public double Improvement => DenoisedPsnr - NoisyPsnr;
}
