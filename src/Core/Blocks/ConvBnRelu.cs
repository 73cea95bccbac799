using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Blocks;

/// <summary>
/// 3x3 convolution (padding 1, so the size is kept) → BatchNorm → ReLU. The convolution has no bias:
/// BatchNorm subtracts the mean right after, so a bias would be cancelled, and BatchNorm's own β replaces it.
/// For inference the pair folds into one convolution with a bias (<see cref="BatchNormFolding"/>).
/// </summary>
public sealed class ConvBnRelu : nn.Module<Tensor, Tensor>, IBatchNormFoldable
{
    private readonly Conv2d conv;
    private readonly BatchNorm2d bn;
    private readonly ReLU relu;

    public ConvBnRelu(int inChannels, int outChannels) : base(nameof(ConvBnRelu))
    {
        conv = nn.Conv2d(inChannels, outChannels, kernel_size: 3, padding: 1, bias: false);
        bn = nn.BatchNorm2d(outChannels);
        relu = nn.ReLU();
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => relu.call(bn.call(conv.call(x)));   // (B, out, H, W)

    /// <summary>conv' → ReLU, with the BatchNorm folded into conv' (see <see cref="BatchNormFolding"/>).</summary>
    public nn.Module<Tensor, Tensor> FoldBatchNorm() =>
        nn.Sequential(("conv", BatchNormFolding.FoldPair(conv, bn)), ("relu", nn.ReLU()));
}
