using NeuralNotebooks.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.DenoisingAutoencoder;

/// <summary>
/// Convolutional denoising autoencoder: the encoder halves the image twice with strided convolutions
/// (28 → 14 → 7), squeezing it through a small bottleneck; the decoder upsamples back with stride-2
/// transposed convolutions (7 → 14 → 28), so the output really has the input's size. Trained on noisy
/// inputs against clean targets, the bottleneck cannot copy the noise through and has to learn what
/// clean images look like — which is the interview point: denoising is a way to learn representations.
/// Works on any H and W divisible by 4; pixels in [0, 1] in and out (sigmoid).
/// </summary>
#region ConvDenoisingAutoencoder
public sealed class ConvDenoisingAutoencoder : nn.Module<Tensor, Tensor>
{
    private readonly Sequential encoder;
    private readonly Sequential decoder;

    public ConvDenoisingAutoencoder(int channels = 1, int width = 32, int bottleneck = 16) : base(nameof(ConvDenoisingAutoencoder))
    {
        Channels = channels;
        encoder = nn.Sequential(
            ("conv1", nn.Conv2d(channels, width, 3, padding: 1)), ("relu1", nn.ReLU()),
            ("conv2", nn.Conv2d(width, width, 3, stride: 2, padding: 1)), ("relu2", nn.ReLU()),            // H → H/2
            ("conv3", nn.Conv2d(width, bottleneck, 3, stride: 2, padding: 1)), ("relu3", nn.ReLU()));      // → H/4
        decoder = nn.Sequential(
            ("deconv1", nn.ConvTranspose2d(bottleneck, width, 4, stride: 2, padding: 1)), ("relu1", nn.ReLU()), // H/4 → H/2
            ("deconv2", nn.ConvTranspose2d(width, width, 4, stride: 2, padding: 1)), ("relu2", nn.ReLU()),      // → H
            ("conv", nn.Conv2d(width, channels, 3, padding: 1)), ("sigmoid", nn.Sigmoid()));
        RegisterComponents();
    }

    public int Channels { get; }

    /// <summary>The bottleneck code, (N, bottleneck, H/4, W/4).</summary>
    public Tensor Encode(Tensor noisy)
    {
        InputChecks.Images(noisy, nameof(ConvDenoisingAutoencoder), Channels, multipleOf: 4);
        return encoder.call(noisy);
    }

    public override Tensor forward(Tensor noisy)
    {
        var code = Encode(noisy);                                  // (N, b, H/4, W/4)
        return decoder.call(code);                                 // (N, C, H, W)
    }
}
#endregion
