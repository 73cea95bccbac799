using NeuralNotebooks.Blocks;
using NeuralNotebooks.Exercises.ImageTranslationGan;
using NeuralNotebooks.Runtime;
using TorchSharp;
using static NeuralNotebooks.Tests.Exercises.ModelTestKit;

namespace NeuralNotebooks.Tests.Exercises;

public class ImageTranslationGanTests
{
    [Fact]
    public void The_generator_keeps_the_size_and_the_discriminator_judges_patches()
    {
        Seed.Set(0);
        var source = torch.rand(3, 1, 28, 28);
        var fake = new UNetGenerator(width: 8).call(source);
        AssertShape(fake, 3, 1, 28, 28);
        Assert.True(fake.abs().max().item<float>() <= 1);
        AssertShape(new PatchDiscriminator(width: 8).call(source, fake), 3, 1, 7, 7);
    }

    [Fact]
    public void Gradients_reach_every_parameter_of_both_networks()
    {
        Seed.Set(0);
        var g = new UNetGenerator(width: 8);
        var d = new PatchDiscriminator(width: 8);
        var source = torch.rand(4, 1, 16, 16);
        d.call(source, g.call(source)).mean().backward();
        AssertEveryParameterGetsGradient(g);
        AssertEveryParameterGetsGradient(d);
    }

    [Fact]
    public void Sobel_edges_mark_the_border_of_a_square_and_nothing_else()
    {
        var image = torch.zeros(1, 1, 12, 12);
        image[0, 0, 4..8, 4..8] = torch.tensor(1f);
        var edges = EdgeMaps.Sobel(image);
        Assert.Equal(1f, edges[0, 0, 4, 3].item<float>());   // just outside the left side
        Assert.Equal(1f, edges[0, 0, 3, 5].item<float>());   // just above the top
        Assert.Equal(0f, edges[0, 0, 0, 0].item<float>());   // flat background
        Assert.Equal(0f, edges[0, 0, 10, 10].item<float>());
        Assert.True(edges.eq(0).logical_or(edges.eq(1)).all().item<bool>());
    }

    [Fact]
    public void A_few_dozen_pix2pix_steps_lower_the_l1_loss()
    {
        Seed.Set(0);
        // Paired toy data: filled squares at different places (targets) and their outlines (sources), in [-1, 1].
        var images = torch.zeros(8, 1, 16, 16);
        for (var i = 0; i < 8; i++) images[i, 0, (1 + i)..(7 + i), (8 - i)..(14 - i)] = torch.tensor(1f);
        var source = EdgeMaps.Sobel(images) * 2 - 1;
        var target = images * 2 - 1;
        var g = new UNetGenerator(width: 8);
        var d = new PatchDiscriminator(width: 8);
        var gOptimizer = torch.optim.Adam(g.parameters(), 3e-3, 0.5, 0.999);
        var dOptimizer = torch.optim.Adam(d.parameters(), 3e-3, 0.5, 0.999);
        double Step() => AdversarialTraining.Step(() => g.call(source), x => d.call(source, x), target, dOptimizer, gOptimizer,
            extraGeneratorLoss: fake => 100 * torch.nn.functional.l1_loss(fake, target), discriminatorWeight: 0.5).ExtraLoss / 100;
        var first = Step();
        var last = first;
        for (var i = 0; i < 40; i++) last = Step();
        Assert.True(last < 0.5 * first, $"L1 {first:F3} → {last:F3}");
    }

    [Fact]
    public void Bad_inputs_get_clear_errors()
    {
        var e = Assert.Throws<ArgumentException>(() => new UNetGenerator(width: 8).call(torch.rand(2, 1, 30, 30)));
        Assert.Equal("UNetGenerator: expected input of shape [N, 1, H, W] with H and W multiples of 4, got [2, 1, 30, 30].", e.Message);
        e = Assert.Throws<ArgumentException>(() => new PatchDiscriminator(width: 8).call(torch.rand(2, 1, 28, 28), torch.rand(2, 1, 16, 16)));
        Assert.Equal("PatchDiscriminator: expected input of shape [N, 1, 28, 28], got [2, 1, 16, 16].", e.Message);
        e = Assert.Throws<ArgumentException>(() => EdgeMaps.Sobel(torch.rand(28, 28)));
        Assert.Equal("EdgeMaps: expected input of shape [N, 1, H, W], got [28, 28].", e.Message);
    }
}
