using NeuralNotebooks.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.ResNet;

/// <summary>
/// The ResNet basic block: conv3x3-BN-ReLU → conv3x3-BN, then add the shortcut and apply ReLU.
/// The shortcut is the identity when the shape is kept and a 1×1 convolution + BN ("projection") when
/// the block changes the channel count or downsamples with stride 2 — the sum needs equal shapes.
/// With <c>residual: false</c> the addition is left out and nothing else changes: the "plain" block.
/// For inference every BatchNorm folds into the convolution before it (<see cref="BatchNormFolding"/>).
/// </summary>
#region BasicBlock
public sealed class BasicBlock : nn.Module<Tensor, Tensor>, IBatchNormFoldable
{
    private readonly Conv2d conv1, conv2;
    private readonly nn.Module<Tensor, Tensor> bn1, bn2;           // BatchNorm2d; Identity once folded for inference
    private readonly ReLU relu;
    private readonly Sequential? downsample;
    private readonly bool residual;

    public BasicBlock(int inChannels, int outChannels, int stride = 1, bool residual = true) : base(nameof(BasicBlock))
    {
        conv1 = nn.Conv2d(inChannels, outChannels, kernel_size: 3, stride: stride, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(outChannels);
        relu = nn.ReLU();
        conv2 = nn.Conv2d(outChannels, outChannels, kernel_size: 3, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(outChannels);
        if (residual && (stride != 1 || inChannels != outChannels))
            downsample = nn.Sequential(
                nn.Conv2d(inChannels, outChannels, kernel_size: 1, stride: stride, bias: false),
                nn.BatchNorm2d(outChannels));
        this.residual = residual;
        RegisterComponents();
    }

    // The folded inference copy: conv1 and conv2 already carry their BatchNorm, and so does the projection.
    private BasicBlock(Conv2d conv1, Conv2d conv2, Sequential? downsample, bool residual) : base(nameof(BasicBlock))
    {
        (this.conv1, this.conv2, this.downsample, this.residual) = (conv1, conv2, downsample, residual);
        (bn1, bn2, relu) = (nn.Identity(), nn.Identity(), nn.ReLU());
        RegisterComponents();
    }

    public nn.Module<Tensor, Tensor> FoldBatchNorm() => new BasicBlock(
        (Conv2d)BatchNormFolding.FoldPair(conv1, (BatchNorm2d)bn1), (Conv2d)BatchNormFolding.FoldPair(conv2, (BatchNorm2d)bn2),
        downsample is null ? null : (Sequential)BatchNormFolding.Fold(downsample), residual);

    /// <summary>True when the shortcut is a 1×1 projection rather than the identity.</summary>
    public bool HasProjection => downsample is not null;

    public override Tensor forward(Tensor x)
    {
        var output = relu.call(bn1.call(conv1.call(x)));            // (B, out, H/s, W/s)
        output = bn2.call(conv2.call(output));                      // (B, out, H/s, W/s)
        if (residual)
            output = output + (downsample is null ? x : downsample.call(x));   // F(x) + x: the block only learns a correction
        return relu.call(output);
    }
}
#endregion
