using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.SuperResolutionGan;

/// <summary>SRGAN's residual block: conv → BN → PReLU → conv → BN, plus the input (same shape in and out).</summary>
public sealed class SrResidualBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly PReLU prelu;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;

    public SrResidualBlock(int width) : base(nameof(SrResidualBlock))
    {
        conv1 = nn.Conv2d(width, width, 3, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(width);
        prelu = nn.PReLU(width);
        conv2 = nn.Conv2d(width, width, 3, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(width);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var y = prelu.call(bn1.call(conv1.call(x)));   // (N, w, H, W)
        return x + bn2.call(conv2.call(y));            // (N, w, H, W)
    }
}
