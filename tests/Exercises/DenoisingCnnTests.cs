using NeuralNotebooks.Exercises.DenoisingCnn;
using NeuralNotebooks.Runtime;
using TorchSharp;
using static NeuralNotebooks.Tests.Exercises.ModelTestKit;

namespace NeuralNotebooks.Tests.Exercises;

public class DenoisingCnnTests
{
    [Fact]
    public void It_predicts_a_noise_map_the_size_of_the_input_and_denoises_by_subtracting_it()
    {
        Seed.Set(0);
        var model = new DnCnn(width: 8, depth: 4);
        model.eval();
        var x = torch.rand(2, 1, 13, 17);
        var noise = model.call(x);
        AssertShape(noise, 2, 1, 13, 17);
        Assert.True(model.Denoise(x).allclose(x - noise, atol: 1e-6));
        Assert.Equal(4, model.modules().OfType<TorchSharp.Modules.Conv2d>().Count());      // depth = number of convolutions
        Assert.Equal(2, model.modules().OfType<TorchSharp.Modules.BatchNorm2d>().Count()); // BN on the inner ones only
    }

    [Fact]
    public void Gradients_reach_every_parameter()
    {
        Seed.Set(0);
        var model = new DnCnn(width: 8, depth: 4);
        torch.nn.functional.mse_loss(model.call(torch.rand(4, 1, 16, 16)), torch.randn(4, 1, 16, 16)).backward();
        AssertEveryParameterGetsGradient(model);
    }

    [Fact]
    public void A_few_dozen_steps_of_noise_prediction_raise_the_psnr_above_the_noisy_input()
    {
        Seed.Set(0);
        // Smooth "images": low-frequency patterns, plus Gaussian noise σ = 0.2.
        var grid = torch.linspace(0, 3.14f, 16);
        var clean = (0.5 + 0.4 * torch.sin(grid.view(1, 1, 16, 1) * torch.arange(1, 9).view(8, 1, 1, 1) / 2) * torch.cos(grid.view(1, 1, 1, 16)));
        var noisy = clean + 0.2f * torch.randn_like(clean);
        var model = new DnCnn(width: 16, depth: 4);
        var optimizer = torch.optim.Adam(model.parameters(), 3e-3);
        for (var i = 0; i < 60; i++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            torch.nn.functional.mse_loss(model.call(noisy), noisy - clean).backward(); // target: the noise itself
            optimizer.step();
        }
        model.eval();
        using var _ = torch.no_grad();
        double Mse(torch.Tensor a) => torch.nn.functional.mse_loss(a, clean).item<float>();
        var noisyMse = Mse(noisy);
        var denoisedMse = Mse(model.Denoise(noisy));
        Assert.True(denoisedMse < 0.5 * noisyMse, $"MSE noisy {noisyMse:F4}, denoised {denoisedMse:F4}");
    }

    [Fact]
    public void Bad_inputs_get_clear_errors()
    {
        var e = Assert.Throws<ArgumentException>(() => new DnCnn().call(torch.rand(1, 3, 8, 8)));
        Assert.Equal("DnCnn: expected input of shape [N, 1, H, W], got [1, 3, 8, 8].", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DnCnn(depth: 2));
    }
}
