using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.SuperResolutionGan;

/// <summary>
/// Residual block: conv → PReLU → conv, plus the input (same shape in and out). SRGAN had BatchNorm
/// after each conv; we leave it out, as EDSR and ESRGAN do: BN's batch statistics shift the colour and
/// contrast of an image depending on its batch-mates, and its train/eval difference costs PSNR.
/// </summary>
public sealed class SrResidualBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly PReLU prelu;
    private readonly Conv2d conv2;

    public SrResidualBlock(int width) : base(nameof(SrResidualBlock))
    {
        conv1 = nn.Conv2d(width, width, 3, padding: 1);
        prelu = nn.PReLU(width);
        conv2 = nn.Conv2d(width, width, 3, padding: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var y = prelu.call(conv1.call(x));   // (N, w, H, W)
        return x + conv2.call(y);            // (N, w, H, W)
    }
}
