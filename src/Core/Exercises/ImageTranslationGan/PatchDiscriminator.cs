using NeuralNotebooks.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.ImageTranslationGan;

/// <summary>
/// pix2pix's conditional PatchGAN discriminator: it sees the source and a candidate target side by side
/// (two channels) and gives one logit per patch (an (H/4)×(W/4) map), not one per image. Conditioning is
/// what makes the translation paired — the candidate must fit <i>this</i> edge map, not just look like
/// some clothing — and judging patches makes it care about local sharpness, which the L1 loss alone blurs.
/// </summary>
public sealed class PatchDiscriminator : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv_out;

    public PatchDiscriminator(int width = 32) : base(nameof(PatchDiscriminator))
    {
        conv1 = nn.Conv2d(2, width, 4, stride: 2, padding: 1);                          // H → H/2
        conv2 = nn.Conv2d(width, 2 * width, 4, stride: 2, padding: 1, bias: false);     // → H/4
        bn2 = nn.BatchNorm2d(2 * width);
        conv_out = nn.Conv2d(2 * width, 1, 3, padding: 1);                              // one logit per patch
        RegisterComponents();
    }

    public override Tensor forward(Tensor source, Tensor target)
    {
        InputChecks.Images(source, nameof(PatchDiscriminator), channels: 1, multipleOf: 4);
        InputChecks.Images(target, nameof(PatchDiscriminator), channels: 1, height: source.shape[2], width: source.shape[3]);
        var x = nn.functional.leaky_relu(conv1.call(cat([source, target], 1)), 0.2); // (N, w, H/2, W/2)
        x = nn.functional.leaky_relu(bn2.call(conv2.call(x)), 0.2);                    // (N, 2w, H/4, W/4)
        return conv_out.call(x);                                                       // (N, 1, H/4, W/4) logits
    }
}
