using NeuralNotebooks.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.Gan;

/// <summary>
/// DCGAN discriminator for 28×28 grey images: strided convolutions instead of pooling (28 → 14 → 7),
/// LeakyReLU(0.2) so gradients flow for negative inputs too, BatchNorm on the inner layer (not on the
/// input layer, as in the DCGAN paper), and one logit per image. It returns logits, not probabilities:
/// the loss uses <c>binary_cross_entropy_with_logits</c>, which is numerically safe where sigmoid + log is not.
/// </summary>
#region DcganDiscriminator
public sealed class DcganDiscriminator : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Linear fc;

    public DcganDiscriminator(int width = 32) : base(nameof(DcganDiscriminator))
    {
        conv1 = nn.Conv2d(1, width, 4, stride: 2, padding: 1);                          // 28 → 14
        conv2 = nn.Conv2d(width, 2 * width, 4, stride: 2, padding: 1, bias: false);     // 14 → 7
        bn2 = nn.BatchNorm2d(2 * width);
        fc = nn.Linear(2 * width * 7 * 7, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor images)
    {
        InputChecks.Images(images, nameof(DcganDiscriminator), channels: 1, height: 28, width: 28);
        var x = nn.functional.leaky_relu(conv1.call(images), 0.2);        // (N, w, 14, 14)
        x = nn.functional.leaky_relu(bn2.call(conv2.call(x)), 0.2);       // (N, 2w, 7, 7)
        return fc.call(x.flatten(1)).squeeze(1);                          // (N) logits
    }
}
#endregion
