using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice.References;

/// <summary>
/// Exercise 19's reference: the shortcut of a ResNet basic block (identity when the shape is kept, a 1×1 convolution
/// + BatchNorm "projection" when the channels or the stride change) and the block's forward pass
/// relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)) — as in src/Core/Exercises/ResNet/BasicBlock.cs.
/// </summary>
public sealed class ResidualBlockReference
{
    #region Exercise19
    nn.Module<Tensor, Tensor> Shortcut(int inChannels, int outChannels, int stride)
    {
        // Same shape in and out: the identity, no parameters — the gradient flows back unchanged.
        if (stride == 1 && inChannels == outChannels) return nn.Identity();
        // Otherwise F(x) + x needs x reshaped: a 1×1 conv with the block's stride (no bias: BN follows) + BatchNorm.
        return nn.Sequential(
            nn.Conv2d(inChannels, outChannels, kernel_size: 1, stride: stride, bias: false),
            nn.BatchNorm2d(outChannels));
    }

    Tensor BlockForward(Tensor x, Conv2d conv1, BatchNorm2d bn1, Conv2d conv2, BatchNorm2d bn2, nn.Module<Tensor, Tensor> shortcut)
    {
        // The branch F(x): conv3×3 (stride s) → BN → ReLU → conv3×3 → BN, with no ReLU at its end.
        var branch = bn1.call(conv1.call(x)).relu();
        branch = bn2.call(conv2.call(branch));
        // Add the shortcut, THEN the ReLU: the block only learns a correction to (a projection of) its input.
        return (branch + shortcut.call(x)).relu();
    }
    #endregion

    /// <summary>The reference as the grader calls it.</summary>
    public static Delegate[] Functions()
    {
        var r = new ResidualBlockReference();
        return
        [
            new Func<int, int, int, nn.Module<Tensor, Tensor>>(r.Shortcut),
            new Func<Tensor, Conv2d, BatchNorm2d, Conv2d, BatchNorm2d, nn.Module<Tensor, Tensor>, Tensor>(r.BlockForward),
        ];
    }
}
