using NeuralNotebooks.Exercises.DenoisingAutoencoder;
using NeuralNotebooks.Runtime;
using NeuralNotebooks.Training;
using TorchSharp;
using static NeuralNotebooks.Tests.Exercises.ModelTestKit;

namespace NeuralNotebooks.Tests.Exercises;

public class DenoisingAutoencoderTests
{
    [Fact]
    public void The_output_has_the_input_size_and_the_code_is_a_quarter_of_it()
    {
        Seed.Set(0);
        var model = new ConvDenoisingAutoencoder(width: 8, bottleneck: 4);
        var x = torch.rand(3, 1, 28, 28);
        AssertShape(model.call(x), 3, 1, 28, 28);
        AssertShape(model.Encode(x), 3, 4, 7, 7);
        var y = model.call(x);
        Assert.True(y.min().item<float>() >= 0 && y.max().item<float>() <= 1);
        AssertShape(new ConvDenoisingAutoencoder(channels: 3, width: 8).call(torch.rand(2, 3, 16, 24)), 2, 3, 16, 24);
    }

    [Fact]
    public void Gradients_reach_every_parameter()
    {
        Seed.Set(0);
        var model = new ConvDenoisingAutoencoder(width: 8, bottleneck: 4);
        torch.nn.functional.mse_loss(model.call(torch.rand(4, 1, 28, 28)), torch.rand(4, 1, 28, 28)).backward();
        AssertEveryParameterGetsGradient(model);
    }

    [Fact]
    public void Trained_on_clean_targets_it_beats_the_best_classical_filter_and_trained_like_the_guide_it_does_not()
    {
        // Grey bars at 16 heights, noise σ = 0.15: little is clipped, and a blur pays for the noise it removes at the edges.
        var clean = torch.full(16, 1, 28, 28, 0.3f);
        for (var i = 0; i < 16; i++) clean[i, 0, (2 + i)..(10 + i), 4..24] = torch.tensor(0.7f);
        torch.Tensor Noisy(int seed) => (clean + 0.15 * torch.randn(clean.shape, generator: new torch.Generator((ulong)seed))).clamp(0, 1);
        var (train, validation, test) = (Noisy(1), Noisy(2), Noisy(3));   // three independent noise draws
        var filter = ClassicalDenoisers.ChooseOnValidation(validation, clean).Best;
        var filterPsnr = Metrics.Psnr(ClassicalDenoisers.Filtered(filter, test), clean);

        double TestPsnr(torch.Tensor target)
        {
            Seed.Set(0);
            var model = new ConvDenoisingAutoencoder(width: 8, bottleneck: 8);
            using var optimizer = torch.optim.Adam(model.parameters(), 1e-2);
            Train(optimizer, 200, _ => torch.nn.functional.mse_loss(model.call(train), target));
            using var _ = torch.no_grad();
            return Metrics.Psnr(model.call(test), clean);
        }
        var denoised = TestPsnr(clean);
        var likeTheGuide = TestPsnr(train);                                  // the noisy input as its own target
        Assert.True(denoised > filterPsnr + 0.5, $"autoencoder {denoised:F2} dB vs {filter} {filterPsnr:F2} dB");
        Assert.True(likeTheGuide < filterPsnr, $"trained like the guide {likeTheGuide:F2} dB vs {filter} {filterPsnr:F2} dB");
    }

    [Fact]
    public void Bad_inputs_get_clear_errors()
    {
        var model = new ConvDenoisingAutoencoder(width: 8);
        var e = Assert.Throws<ArgumentException>(() => model.call(torch.rand(2, 3, 28, 28)));
        Assert.Equal("ConvDenoisingAutoencoder: expected input of shape [N, 1, H, W] with H and W multiples of 4, got [2, 3, 28, 28].", e.Message);
        e = Assert.Throws<ArgumentException>(() => model.call(torch.rand(2, 1, 30, 28)));
        Assert.Contains("got [2, 1, 30, 28]", e.Message);
    }
}
