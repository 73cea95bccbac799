using NeuralNotebooks.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.SuperResolutionGan;

/// <summary>
/// SRGAN-lite generator, ×2: a wide first convolution, a few residual blocks (without BatchNorm, see <see cref="SrResidualBlock"/>) at low resolution (cheap),
/// a long skip around them, then conv → <see cref="PixelShuffle"/>(2) → PReLU to double the size, and a
/// last convolution back to RGB. One deliberate change from the paper: the network's output is
/// <b>added to the bicubic upsampling</b> of the input (a global residual, as in VDSR/ESRGAN-style
/// models), so it only has to learn the missing detail and starts out about as good as bicubic.
/// Input and output: RGB in [0, 1], (N, 3, H, W) → (N, 3, 2H, 2W).
/// </summary>
#region SrGenerator
public sealed class SrGenerator : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv_in;
    private readonly PReLU prelu_in;
    private readonly Sequential blocks;
    private readonly Conv2d conv_mid;
    private readonly Conv2d conv_up;
    private readonly PixelShuffle shuffle;
    private readonly PReLU prelu_up;
    private readonly Conv2d conv_out;

    public const int Scale = 2;

    public SrGenerator(int width = 32, int residualBlocks = 4) : base(nameof(SrGenerator))
    {
        conv_in = nn.Conv2d(3, width, 5, padding: 2);
        prelu_in = nn.PReLU(width);
        blocks = nn.Sequential();
        for (var i = 0; i < residualBlocks; i++) blocks.append($"block{i + 1}", new SrResidualBlock(width));
        conv_mid = nn.Conv2d(width, width, 3, padding: 1);
        conv_up = nn.Conv2d(width, width * Scale * Scale, 3, padding: 1);   // r² times the channels...
        shuffle = new PixelShuffle(Scale);                                   // ...rearranged into r×r pixels
        prelu_up = nn.PReLU(width);
        conv_out = nn.Conv2d(width, 3, 5, padding: 2);
        // Start the learnt detail small, so the untrained generator is close to bicubic (not exactly zero:
        // then no gradient would reach the layers before it on the first step).
        using (no_grad()) { conv_out.weight!.mul_(0.1); conv_out.bias!.zero_(); }
        RegisterComponents();
    }

    public override Tensor forward(Tensor lowRes)
    {
        InputChecks.Images(lowRes, nameof(SrGenerator), channels: 3);
        var features = prelu_in.call(conv_in.call(lowRes));                         // (N, w, H, W)
        var x = features + conv_mid.call(blocks.call(features));      // (N, w, H, W) long skip
        x = prelu_up.call(shuffle.call(conv_up.call(x)));                           // (N, w, 2H, 2W)
        var detail = conv_out.call(x);                                              // (N, 3, 2H, 2W)
        return Bicubic(lowRes) + detail;                                            // (N, 3, 2H, 2W)
    }

    /// <summary>The baseline: bicubic upsampling ×2 (what the generator must beat), clamped to [0, 1].</summary>
    public static Tensor Bicubic(Tensor lowRes) =>
        nn.functional.interpolate(lowRes, scale_factor: [Scale, Scale], mode: InterpolationMode.Bicubic, align_corners: false).clamp(0, 1);
}
#endregion
