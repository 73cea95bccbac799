using NeuralNotebooks.Exercises.DenoisingAutoencoder;
using NeuralNotebooks.Runtime;
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
    public void A_few_dozen_steps_on_noisy_inputs_lower_the_loss_against_clean_targets()
    {
        Seed.Set(0);
        var clean = torch.zeros(16, 1, 28, 28);
        for (var i = 0; i < 16; i++) clean[i, 0, (2 + i)..(10 + i), 4..24] = torch.tensor(1f); // bars at 16 heights
        var noisy = (clean + 0.3 * torch.randn_like(clean)).clamp(0, 1);
        var model = new ConvDenoisingAutoencoder(width: 8, bottleneck: 8);
        var optimizer = torch.optim.Adam(model.parameters(), 3e-3);
        double Loss() { using var _ = torch.no_grad(); return torch.nn.functional.mse_loss(model.call(noisy), clean).item<float>(); }

        var before = Loss();
        for (var i = 0; i < 60; i++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            torch.nn.functional.mse_loss(model.call(noisy), clean).backward();
            optimizer.step();
        }
        var after = Loss();
        Assert.True(after < 0.5 * before, $"MSE {before:F4} → {after:F4}");
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
