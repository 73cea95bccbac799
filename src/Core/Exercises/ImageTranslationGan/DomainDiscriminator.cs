using NeuralNotebooks.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.ImageTranslationGan;

/// <summary>
/// CycleGAN's discriminator for one domain: an unconditional PatchGAN. It sees a single image (no source
/// beside it — in unpaired training there is no source to pair it with) and returns an (H/4)×(W/4) map of
/// scores, one per overlapping patch: "does this patch look like domain X?". Scores, not probabilities:
/// the least-squares GAN loss compares them with 1 (real) and 0 (fake) directly.
/// </summary>
public sealed class DomainDiscriminator : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly Conv2d conv2;
    private readonly Conv2d conv_out;

    public DomainDiscriminator(int width = 16) : base(nameof(DomainDiscriminator))
    {
        conv1 = nn.Conv2d(1, width, 4, stride: 2, padding: 1);                          // H → H/2
        conv2 = nn.Conv2d(width, 2 * width, 4, stride: 2, padding: 1);                  // → H/4
        conv_out = nn.Conv2d(2 * width, 1, 3, padding: 1);                              // one score per patch
        RegisterComponents();
    }

    public override Tensor forward(Tensor image)
    {
        InputChecks.Images(image, nameof(DomainDiscriminator), channels: 1, multipleOf: 4);
        var x = nn.functional.leaky_relu(conv1.call(image), 0.2);                     // (N, w, H/2, W/2)
        x = nn.functional.leaky_relu(conv2.call(x), 0.2);                              // (N, 2w, H/4, W/4)
        return conv_out.call(x);                                                       // (N, 1, H/4, W/4) scores
    }
}
