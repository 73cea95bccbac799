using NeuralNotebooks.Training;
using NeuralNotebooks.Blocks;
using NeuralNotebooks.Exercises.SuperResolutionGan;
using NeuralNotebooks.Runtime;
using TorchSharp;
using static NeuralNotebooks.Tests.Exercises.ModelTestKit;

namespace NeuralNotebooks.Tests.Exercises;

public class SuperResolutionGanTests
{
    [Theory]
    [InlineData(2, 3)]
    [InlineData(3, 2)]
    public void Our_pixel_shuffle_matches_torchsharps_in_values_and_gradients(int factor, int channels)
    {
        Seed.Set(0);
        var x1 = torch.randn(2, channels * factor * factor, 5, 7, dtype: torch.float64).requires_grad_();
        var x2 = x1.detach().clone().requires_grad_();
        var ours = new PixelShuffle(factor).call(x1);
        var theirs = torch.nn.PixelShuffle(factor).call(x2);
        Assert.Equal(theirs.shape, ours.shape);
        Assert.True(ours.allclose(theirs, rtol: 0, atol: 0));   // a pure rearrangement: exactly equal
        var upstream = torch.randn_like(ours);
        (ours * upstream).sum().backward();
        (theirs * upstream).sum().backward();
        Assert.True(x1.grad!.allclose(x2.grad!, rtol: 0, atol: 0));
    }

    [Fact]
    public void Pixel_shuffle_puts_each_group_of_channels_into_one_block_of_pixels()
    {
        // 4 channels of a 1×1 image, values 0..3 → one 2×2 block read row by row.
        var y = new PixelShuffle(2).call(torch.arange(4f).view(1, 4, 1, 1));
        Assert.Equal(new float[] { 0, 1, 2, 3 }, y.flatten().data<float>().ToArray());
        AssertShape(y, 1, 1, 2, 2);
    }

    [Fact]
    public void The_generator_doubles_the_size_and_starts_close_to_bicubic()
    {
        Seed.Set(0);
        var g = new SrGenerator(width: 8, residualBlocks: 2);
        g.eval();
        var lowRes = torch.rand(2, 3, 12, 8);
        var sr = g.call(lowRes);
        AssertShape(sr, 2, 3, 24, 16);
        var bicubic = SrGenerator.Bicubic(lowRes);
        Assert.True((sr - bicubic).abs().mean().item<float>() < 0.05);
        AssertShape(new SrDiscriminator(width: 8).call(sr), 2);
    }

    [Fact]
    public void Gradients_reach_every_parameter_of_both_networks()
    {
        Seed.Set(0);
        var g = new SrGenerator(width: 8, residualBlocks: 2);
        var d = new SrDiscriminator(width: 8);
        var sr = g.call(torch.rand(4, 3, 8, 8));
        (d.call(sr).mean() + sr.mean()).backward();
        AssertEveryParameterGetsGradient(g);
        AssertEveryParameterGetsGradient(d);
    }

    [Fact]
    public void A_few_dozen_srgan_steps_lower_the_pixel_loss()
    {
        Seed.Set(0);
        // High-res patches with sharp stripes, low-res by 2×2 averaging: bicubic blurs the stripes.
        var highRes = torch.zeros(8, 3, 16, 16);
        for (var i = 0; i < 8; i++) highRes[i, .., .., (i % 4)..(i % 4 + 6)] = torch.tensor(1f);
        var lowRes = torch.nn.functional.avg_pool2d(highRes, 2);
        var g = new SrGenerator(width: 8, residualBlocks: 1);
        var d = new SrDiscriminator(width: 8);
        var gOptimizer = torch.optim.Adam(g.parameters(), 3e-3, 0.9, 0.999);
        var dOptimizer = torch.optim.Adam(d.parameters(), 3e-3, 0.5, 0.999);
        // The extra term is the pixel MSE itself (weight 1); the adversarial weight is 1e-3 as in SRGAN.
        double Step() => AdversarialTraining.Step(() => g.call(lowRes), d.call, highRes, dOptimizer, gOptimizer,
            extraGeneratorLoss: fake => torch.nn.functional.mse_loss(fake, highRes), adversarialWeight: 1e-3).ExtraLoss;
        var first = Step();
        var last = first;
        for (var i = 0; i < 40; i++) last = Step();
        Assert.True(last < 0.5 * first, $"pixel MSE {first:F4} → {last:F4}");
    }

    /// <summary>Images with one bright stripe (random position, width, direction): bicubic blurs its edges.</summary>
    private static (torch.Tensor LowRes, torch.Tensor HighRes) Stripes(int count, int seed)
    {
        var random = new Random(seed);
        var highRes = torch.zeros(count, 3, 16, 16);
        for (var i = 0; i < count; i++)
        {
            var (start, width) = (random.Next(0, 9), random.Next(3, 8));
            if (random.Next(2) == 0) highRes[i, .., .., start..(start + width)] = torch.tensor(1f);
            else highRes[i, .., start..(start + width), ..] = torch.tensor(1f);
        }
        return (torch.nn.functional.avg_pool2d(highRes, 2), highRes);
    }

    [Fact]
    public void Pixel_pretraining_beats_bicubic_on_held_out_images_by_a_margin_the_untrained_generator_misses()
    {
        // The notebook's self-check in small: gain over bicubic on images training never saw, against a bar.
        Seed.Set(0);
        const double bar = 0.5;   // dB
        var (lowRes, highRes) = Stripes(32, seed: 1);
        var (testLowRes, testHighRes) = Stripes(32, seed: 2);
        var g = new SrGenerator(width: 8, residualBlocks: 1);
        double GainOverBicubic()
        {
            using var _ = torch.no_grad();
            return Metrics.Psnr(g.call(testLowRes).clamp(0, 1), testHighRes) - Metrics.Psnr(SrGenerator.Bicubic(testLowRes), testHighRes);
        }
        var untrainedGain = GainOverBicubic();
        Train(torch.optim.Adam(g.parameters(), 3e-3), steps: 150, _ => torch.nn.functional.mse_loss(g.call(lowRes), highRes));
        var trainedGain = GainOverBicubic();
        Assert.True(untrainedGain < bar, $"untrained gain {untrainedGain:F2} dB should miss the {bar} dB bar");
        Assert.True(trainedGain >= bar, $"pixel-trained gain {trainedGain:F2} dB should reach the {bar} dB bar (untrained {untrainedGain:F2} dB)");
    }

    [Fact]
    public void Bad_inputs_get_clear_errors()
    {
        var e = Assert.Throws<ArgumentException>(() => new SrGenerator(width: 8).call(torch.rand(2, 1, 16, 16)));
        Assert.Equal("SrGenerator: expected input of shape [N, 3, H, W], got [2, 1, 16, 16].", e.Message);
        e = Assert.Throws<ArgumentException>(() => new SrDiscriminator(width: 8).call(torch.rand(2, 3, 20, 20)));
        Assert.Equal("SrDiscriminator: expected input of shape [N, 3, H, W] with H and W multiples of 8, got [2, 3, 20, 20].", e.Message);
        e = Assert.Throws<ArgumentException>(() => new PixelShuffle(2).call(torch.rand(1, 6, 4, 4)));
        Assert.Equal("PixelShuffle: expected input of shape [N, C·4, H, W] (channels a multiple of 2² = 4), got [1, 6, 4, 4].", e.Message);
    }
}
