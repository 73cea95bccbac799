using NeuralNotebooks.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.ImageTranslationGan;

/// <summary>
/// CycleGAN's generator, shrunk for 28×28 images and a CPU budget: four 3×3 convolutions at full resolution
/// (1 → <c>width</c> → <c>width</c> → <c>width</c> → 1 channels, leaky ReLU between them, a 9×9 receptive field)
/// whose output is <b>added to the input image</b>. A change of style like ours keeps most of the picture, so
/// the network only has to learn the correction, and starts close to the identity — which the cycle and
/// identity losses are happy with, so whatever it learns beyond it is the adversarial loss's doing. No tanh:
/// it would squash the identity path; callers clamp when they turn the output back into pixels. (The paper's
/// generator adds downsampling and six or nine residual blocks for 256×256 photos.)
/// </summary>
public sealed class CycleGenerator : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv_in;
    private readonly Conv2d conv_mid1;
    private readonly Conv2d conv_mid2;
    private readonly Conv2d conv_out;

    public CycleGenerator(int width = 8) : base(nameof(CycleGenerator))
    {
        conv_in = nn.Conv2d(1, width, 3, padding: 1);
        conv_mid1 = nn.Conv2d(width, width, 3, padding: 1);
        conv_mid2 = nn.Conv2d(width, width, 3, padding: 1);
        conv_out = nn.Conv2d(width, 1, 3, padding: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor image)
    {
        InputChecks.Images(image, nameof(CycleGenerator), channels: 1);
        var h = nn.functional.leaky_relu(conv_in.call(image), 0.2);                 // (N, w, H, W)
        h = nn.functional.leaky_relu(conv_mid1.call(h), 0.2);
        h = nn.functional.leaky_relu(conv_mid2.call(h), 0.2);
        return image + conv_out.call(h);                                            // (N, 1, H, W): input + correction
    }
}
