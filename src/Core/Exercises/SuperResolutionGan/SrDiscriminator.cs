using NeuralNotebooks.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.SuperResolutionGan;

/// <summary>
/// SRGAN-lite discriminator: strided 3×3 convolutions with BatchNorm and LeakyReLU(0.2) halve the
/// patch three times, global average pooling makes it work for any patch size, and a linear layer gives
/// one logit per image ("real high-resolution patch" vs "generator output").
/// </summary>
public sealed class SrDiscriminator : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly Conv2d conv4;
    private readonly BatchNorm2d bn4;
    private readonly Linear fc;

    public SrDiscriminator(int width = 32) : base(nameof(SrDiscriminator))
    {
        conv1 = nn.Conv2d(3, width, 3, padding: 1);
        conv2 = nn.Conv2d(width, width, 3, stride: 2, padding: 1, bias: false);             // H → H/2
        bn2 = nn.BatchNorm2d(width);
        conv3 = nn.Conv2d(width, 2 * width, 3, stride: 2, padding: 1, bias: false);         // → H/4
        bn3 = nn.BatchNorm2d(2 * width);
        conv4 = nn.Conv2d(2 * width, 4 * width, 3, stride: 2, padding: 1, bias: false);     // → H/8
        bn4 = nn.BatchNorm2d(4 * width);
        fc = nn.Linear(4 * width, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor images)
    {
        InputChecks.Images(images, nameof(SrDiscriminator), channels: 3, multipleOf: 8);
        var x = nn.functional.leaky_relu(conv1.call(images), 0.2);          // (N, w, H, W)
        x = nn.functional.leaky_relu(bn2.call(conv2.call(x)), 0.2);         // (N, w, H/2, W/2)
        x = nn.functional.leaky_relu(bn3.call(conv3.call(x)), 0.2);         // (N, 2w, H/4, W/4)
        x = nn.functional.leaky_relu(bn4.call(conv4.call(x)), 0.2);         // (N, 4w, H/8, W/8)
        return fc.call(x.mean([2, 3])).squeeze(1);                          // (N) logits
    }
}
