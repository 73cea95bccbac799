using NeuralNotebooks.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.ImageTranslationGan;

/// <summary>
/// CycleGAN's generator, shrunk for 28×28 images and a CPU budget: three 3×3 convolutions at full resolution
/// (1 → <c>width</c> → <c>width</c> → 1 channels), instance normalisation and ReLU between them, tanh at the end.
/// A change of style like ours is local — a pixel's new value depends on its 7×7 neighbourhood at most, the
/// receptive field of three 3×3 convolutions — so no down/upsampling is needed. Instance normalisation, as in
/// CycleGAN, normalises each image on its own, so a batch's mix of images does not change one translation.
/// (The paper's generator adds downsampling and six or nine residual blocks for 256×256 photos.)
/// </summary>
#region CycleGenerator
public sealed class CycleGenerator : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv_in;
    private readonly InstanceNorm2d norm_in;
    private readonly Conv2d conv_mid;
    private readonly InstanceNorm2d norm_mid;
    private readonly Conv2d conv_out;

    public CycleGenerator(int width = 16) : base(nameof(CycleGenerator))
    {
        conv_in = nn.Conv2d(1, width, 3, padding: 1);
        norm_in = nn.InstanceNorm2d(width, affine: true);
        conv_mid = nn.Conv2d(width, width, 3, padding: 1);
        norm_mid = nn.InstanceNorm2d(width, affine: true);
        conv_out = nn.Conv2d(width, 1, 3, padding: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor image)
    {
        InputChecks.Images(image, nameof(CycleGenerator), channels: 1);
        var h = nn.functional.relu(norm_in.call(conv_in.call(image)));               // (N, w, H, W)
        h = nn.functional.relu(norm_mid.call(conv_mid.call(h)));                      // (N, w, H, W)
        return torch.tanh(conv_out.call(h));                                         // (N, 1, H, W) in [-1, 1]
    }
}
#endregion
