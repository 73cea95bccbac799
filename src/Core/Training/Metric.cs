using TorchSharp;

namespace NeuralNotebooks.Training;

/// <summary>
/// A named measurement of a batch's model output against its target, e.g. accuracy. The trainer
/// reports its sample-weighted mean over an epoch, so accuracy per epoch is exactly correct/total.
/// </summary>
public sealed record Metric(string Name, Func<torch.Tensor, torch.Tensor, double> Compute)
{
    /// <summary>Fraction of correct class predictions (see <see cref="Metrics.Accuracy(TorchSharp.torch.Tensor, TorchSharp.torch.Tensor)"/>).</summary>
    public static Metric Accuracy { get; } = new("accuracy", Metrics.Accuracy);

    /// <summary>Peak signal-to-noise ratio in dB for images in [0, <paramref name="maxValue"/>].</summary>
    public static Metric Psnr(double maxValue = 1.0) => new("psnr", (output, target) => Metrics.Psnr(output, target, maxValue));
}
