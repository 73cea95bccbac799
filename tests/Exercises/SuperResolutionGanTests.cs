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
    public void Pixel_pretraining_beats_the_tuned_classical_upsampler_on_held_out_images_by_a_margin_the_untrained_generator_misses()
    {
        // The notebook's bars in small, on stripes (a domain a small network can learn in 150 steps, unlike two photos in
        // quick mode): the strongest simple baseline (bicubic + unsharp mask + back-projection, its strength chosen on
        // validation images) on test images neither training nor the choice saw, and the gain needed over it.
        Seed.Set(0);
        const double bar = 0.5;   // dB over the classical upsampler
        var (lowRes, highRes) = Stripes(32, seed: 1);
        var (validationLowRes, validationHighRes) = Stripes(32, seed: 3);
        var (testLowRes, testHighRes) = Stripes(32, seed: 2);
        var strength = ClassicalUpsampling.ChooseStrength(validationLowRes, validationHighRes);
        var classicalPsnr = Metrics.Psnr(ClassicalUpsampling.Upsample(testLowRes, strength), testHighRes);
        var bicubicPsnr = Metrics.Psnr(SrGenerator.Bicubic(testLowRes), testHighRes);
        Assert.True(classicalPsnr > bicubicPsnr + 0.5, $"the classical upsampler ({classicalPsnr:F2} dB) should beat plain bicubic ({bicubicPsnr:F2} dB) on stripes");
        var g = new SrGenerator(width: 8, residualBlocks: 1);
        double GainOverClassical()
        {
            using var _ = torch.no_grad();
            return Metrics.Psnr(g.call(testLowRes).clamp(0, 1), testHighRes) - classicalPsnr;
        }
        var untrainedGain = GainOverClassical();
        Train(torch.optim.Adam(g.parameters(), 3e-3), steps: 150, _ => torch.nn.functional.mse_loss(g.call(lowRes), highRes));
        var trainedGain = GainOverClassical();
        Assert.True(untrainedGain < bar, $"untrained gain {untrainedGain:F2} dB should miss the {bar} dB bar");
        Assert.True(trainedGain >= bar, $"pixel-trained gain {trainedGain:F2} dB should reach the {bar} dB bar (untrained {untrainedGain:F2} dB)");
    }

    [Fact]
    public void Back_projection_makes_every_2x2_block_average_to_its_low_resolution_pixel_and_never_moves_away_from_the_truth()
    {
        // Its two properties: consistency with the input (while nothing is clamped: values kept well inside [0, 1]), and
        // (a projection onto a set holding the true image) never a larger error, whatever estimate it starts from —
        // here bicubic, a strongly sharpened bicubic and noise.
        Seed.Set(0);
        var highRes = 0.25 + 0.5 * torch.rand(4, 3, 16, 16);
        var lowRes = torch.nn.functional.avg_pool2d(highRes, 2);
        var bicubicProjected = ClassicalUpsampling.BackProjected(SrGenerator.Bicubic(lowRes), lowRes);
        Assert.True(torch.nn.functional.avg_pool2d(bicubicProjected, 2).allclose(lowRes, rtol: 0, atol: 1e-6));
        foreach (var estimate in new[] { SrGenerator.Bicubic(lowRes), ClassicalUpsampling.Sharpened(lowRes, 3), torch.rand(4, 3, 16, 16) })
        {
            var before = Metrics.Psnr(estimate, highRes);
            var after = Metrics.Psnr(ClassicalUpsampling.BackProjected(estimate, lowRes), highRes);
            Assert.True(after > before, $"back-projection moved the estimate away from the truth: {before:F2} → {after:F2} dB");
        }
    }

    [Fact]
    public void The_classical_strength_is_chosen_on_the_pairs_it_is_given()
    {
        // Smooth images (bicubic is already right: little sharpening) vs stripes (edges bicubic blurs: more sharpening).
        var smooth = torch.linspace(0, 1, 16).view(1, 1, 1, 16).expand(4, 3, 16, 16).contiguous();
        var (stripesLowRes, stripesHighRes) = Stripes(16, seed: 4);
        var forSmooth = ClassicalUpsampling.ChooseStrength(torch.nn.functional.avg_pool2d(smooth, 2), smooth);
        var forStripes = ClassicalUpsampling.ChooseStrength(stripesLowRes, stripesHighRes);
        Assert.True(forStripes > forSmooth, $"stripes chose strength {forStripes}, smooth images {forSmooth}");
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
