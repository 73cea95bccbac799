using NeuralNotebooks.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.ImageTranslationGan;

/// <summary>
/// pix2pix-style generator, a small U-Net for one-channel images whose sides are multiples of 4: two
/// stride-2 convolutions down (H → H/2 → H/4), a 3×3 convolution at the bottom, two stride-2 transposed
/// convolutions up, and skip connections that concatenate each encoder map with the decoder map of the
/// same size. The skips carry the input's exact layout (where the edges are) straight to the output, so
/// the bottleneck only has to decide what to paint there. Output in [-1, 1] (tanh).
/// </summary>
#region UNetGenerator
public sealed class UNetGenerator : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d down1;
    private readonly Conv2d down2;
    private readonly BatchNorm2d bn_down2;
    private readonly Conv2d bottom;
    private readonly BatchNorm2d bn_bottom;
    private readonly ConvTranspose2d up1;
    private readonly BatchNorm2d bn_up1;
    private readonly ConvTranspose2d up2;
    private readonly BatchNorm2d bn_up2;
    private readonly Conv2d conv_out;

    public UNetGenerator(int width = 32) : base(nameof(UNetGenerator))
    {
        down1 = nn.Conv2d(1, width, 4, stride: 2, padding: 1);                                  // H → H/2
        down2 = nn.Conv2d(width, 2 * width, 4, stride: 2, padding: 1, bias: false);             // → H/4
        bn_down2 = nn.BatchNorm2d(2 * width);
        bottom = nn.Conv2d(2 * width, 2 * width, 3, padding: 1, bias: false);
        bn_bottom = nn.BatchNorm2d(2 * width);
        up1 = nn.ConvTranspose2d(4 * width, width, 4, stride: 2, padding: 1, bias: false);      // [bottom, down2] → H/2
        bn_up1 = nn.BatchNorm2d(width);
        up2 = nn.ConvTranspose2d(2 * width, width, 4, stride: 2, padding: 1, bias: false);      // [up1, down1] → H
        bn_up2 = nn.BatchNorm2d(width);
        conv_out = nn.Conv2d(width + 1, 1, 3, padding: 1);                                      // [up2, input] → image
        RegisterComponents();
    }

    public override Tensor forward(Tensor source)
    {
        InputChecks.Images(source, nameof(UNetGenerator), channels: 1, multipleOf: 4);
        var d1 = nn.functional.leaky_relu(down1.call(source), 0.2);                    // (N, w, H/2, W/2)
        var d2 = nn.functional.leaky_relu(bn_down2.call(down2.call(d1)), 0.2);         // (N, 2w, H/4, W/4)
        var b = nn.functional.relu(bn_bottom.call(bottom.call(d2)));                   // (N, 2w, H/4, W/4)
        var u1 = nn.functional.relu(bn_up1.call(up1.call(cat([b, d2], 1))));          // (N, w, H/2, W/2)
        var u2 = nn.functional.relu(bn_up2.call(up2.call(cat([u1, d1], 1))));         // (N, w, H, W)
        return torch.tanh(conv_out.call(cat([u2, source], 1)));                       // (N, 1, H, W)
    }
}
#endregion
