using NeuralNotebooks.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.DenoisingCnn;

/// <summary>
/// DnCNN (Zhang et al., 2017): a plain stack of 3×3 convolutions at full resolution — conv+ReLU, then
/// (depth − 2) × conv+BatchNorm+ReLU, then conv — that predicts the <b>noise</b>, not the clean image.
/// The clean estimate is <c>noisy − model(noisy)</c>. That is residual learning: the residual (the noise)
/// is simpler than the image, so it is learnt faster and better, and an untrained-ish network starts near
/// the identity instead of near zero. No pooling or striding, so the output has the input's size exactly.
/// </summary>
#region DnCnn
public sealed class DnCnn : nn.Module<Tensor, Tensor>, IBatchNormFoldable
{
    private readonly Conv2d conv1;
    private readonly Sequential body;
    private readonly Conv2d conv_out;

    public int Channels { get; }

    public DnCnn(int channels = 1, int width = 32, int depth = 6) : base(nameof(DnCnn))
    {
        if (depth < 3) throw new ArgumentOutOfRangeException(nameof(depth), depth, "DnCNN needs depth ≥ 3 (first conv, at least one conv+BN+ReLU, last conv).");
        Channels = channels;
        conv1 = nn.Conv2d(channels, width, 3, padding: 1);
        body = nn.Sequential();
        for (var i = 1; i <= depth - 2; i++)
        {
            body.append($"conv{i}", nn.Conv2d(width, width, 3, padding: 1, bias: false)); // BN has the bias
            body.append($"bn{i}", nn.BatchNorm2d(width));
            body.append($"relu{i}", nn.ReLU());
        }
        conv_out = nn.Conv2d(width, channels, 3, padding: 1);
        RegisterComponents();
    }

    private DnCnn(int channels, Conv2d conv1, Sequential body, Conv2d conv_out) : base(nameof(DnCnn))
    {
        (Channels, this.conv1, this.body, this.conv_out) = (channels, conv1, body, conv_out);
        RegisterComponents();
    }

    /// <summary>The predicted noise, same shape as the input.</summary>
    public override Tensor forward(Tensor noisy)
    {
        InputChecks.Images(noisy, nameof(DnCnn), Channels);
        var x = nn.functional.relu(conv1.call(noisy));                // (N, w, H, W)
        x = body.call(x);                                            // (N, w, H, W)
        return conv_out.call(x);                                     // (N, C, H, W) noise estimate
    }

    /// <summary>The clean estimate: the input minus the predicted noise.</summary>
    public Tensor Denoise(Tensor noisy) => noisy - call(noisy);

    /// <summary>The inference copy: each conv-BN pair of the body folded into one convolution (BatchNormFolding).</summary>
    public nn.Module<Tensor, Tensor> FoldBatchNorm() => new DnCnn(Channels,
        (Conv2d)BatchNormFolding.Fold(conv1), (Sequential)BatchNormFolding.Fold(body), (Conv2d)BatchNormFolding.Fold(conv_out));
}
#endregion
