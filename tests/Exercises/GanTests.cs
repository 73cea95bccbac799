using NeuralNotebooks.Blocks;
using NeuralNotebooks.Exercises.Gan;
using NeuralNotebooks.Runtime;
using TorchSharp;
using static NeuralNotebooks.Tests.Exercises.ModelTestKit;

namespace NeuralNotebooks.Tests.Exercises;

public class GanTests
{
    [Fact]
    public void The_generator_turns_noise_into_28x28_images_in_minus_one_to_one()
    {
        Seed.Set(0);
        var g = new DcganGenerator(latentSize: 16, width: 8);
        var images = g.call(torch.randn(5, 16));
        AssertShape(images, 5, 1, 28, 28);
        Assert.True(images.abs().max().item<float>() <= 1);
    }

    [Fact]
    public void The_discriminator_gives_one_logit_per_image()
    {
        Seed.Set(0);
        AssertShape(new DcganDiscriminator(width: 8).call(torch.randn(5, 1, 28, 28)), 5);
    }

    [Fact]
    public void Gradients_reach_every_parameter_of_both_networks()
    {
        Seed.Set(0);
        var g = new DcganGenerator(latentSize: 16, width: 8);
        var d = new DcganDiscriminator(width: 8);
        d.call(g.call(torch.randn(4, 16))).mean().backward();
        AssertEveryParameterGetsGradient(g);
        AssertEveryParameterGetsGradient(d);
    }

    [Fact]
    public void A_few_dozen_adversarial_steps_pull_the_samples_towards_the_data()
    {
        // Tiny data set: a bright square on a dark background (in [-1, 1]). Untrained, G draws grey noise.
        Seed.Set(0);
        var real = torch.full([32, 1, 28, 28], -1f);
        real[.., .., 8..20, 8..20] = torch.tensor(1f);
        var g = new DcganGenerator(latentSize: 16, width: 8);
        var d = new DcganDiscriminator(width: 8);
        var gOptimizer = torch.optim.Adam(g.parameters(), 2e-3, 0.5, 0.999);
        var dOptimizer = torch.optim.Adam(d.parameters(), 2e-3, 0.5, 0.999);
        var z = torch.randn(32, 16);
        double DistanceToData() { g.eval(); using var _ = torch.no_grad(); return (g.call(z).mean([0]) - real[0]).abs().mean().item<float>(); }

        var before = DistanceToData();
        g.train();
        for (var i = 0; i < 80; i++)   // the notebook's loop, through the shared skeleton; one-sided smoothing as there
            AdversarialTraining.Step(() => g.call(torch.randn(32, 16)), d.call, real, dOptimizer, gOptimizer, realLabel: 0.9);
        var after = DistanceToData();

        Assert.True(after < 0.5 * before, $"mean-image distance {before:F3} → {after:F3}");
    }

    [Fact]
    public void Bad_inputs_get_clear_errors()
    {
        var g = new DcganGenerator(latentSize: 16, width: 8);
        var e = Assert.Throws<ArgumentException>(() => g.call(torch.randn(4, 10)));
        Assert.Equal("DcganGenerator: expected input of shape [N, 16], got [4, 10].", e.Message);
        var d = new DcganDiscriminator(width: 8);
        e = Assert.Throws<ArgumentException>(() => d.call(torch.randn(3, 28, 28)));
        Assert.Equal("DcganDiscriminator: expected input of shape [N, 1, 28, 28], got [3, 28, 28].", e.Message);
    }

    [Fact]
    public void With_real_label_0_9_the_discriminator_loss_cannot_fall_below_the_entropy_of_0_9()
    {
        Seed.Set(0);
        var floor = -(0.9 * Math.Log(0.9) + 0.1 * Math.Log(0.1));                 // H(0.9) ≈ 0.325
        // The best a discriminator can do: p = 0.9 on real images, p → 0 on fakes.
        var best = GanLosses.Discriminator(torch.full(16, Math.Log(9)), torch.full(16, -30.0), realLabel: 0.9).item<float>();
        Assert.Equal(floor, best, 3);
        // Any other scores, including a "perfectly confident" p → 1 on real images, lose more.
        var confident = GanLosses.Discriminator(torch.full(16, 30.0), torch.full(16, -30.0), realLabel: 0.9).item<float>();
        Assert.True(confident > floor + 1, $"confident discriminator {confident:F3} vs floor {floor:F3}");
        for (var i = 0; i < 20; i++)
            Assert.True(GanLosses.Discriminator(torch.randn(16) * 5, torch.randn(16) * 5, realLabel: 0.9).item<float>() >= floor - 1e-5);
        Assert.True(floor > 0.1, "so a check 'd_loss < 0.1' could never fire");
    }

    [Fact]
    public void Least_squares_losses_are_zero_at_their_targets()
    {
        Assert.Equal(0f, GanLosses.LeastSquaresDiscriminator(torch.ones(4), torch.zeros(4)).item<float>());
        Assert.Equal(0f, GanLosses.LeastSquaresGenerator(torch.ones(4)).item<float>());
        Assert.Equal(0.5f, GanLosses.LeastSquaresDiscriminator(torch.zeros(4), torch.zeros(4)).item<float>());
    }
}
