using NeuralNotebooks.Exercises.ImageTranslationGan;
using NeuralNotebooks.Runtime;
using TorchSharp;
using static NeuralNotebooks.Tests.Exercises.ModelTestKit;
using static TorchSharp.torch;

namespace NeuralNotebooks.Tests.Exercises;

public class ImageTranslationGanTests
{
    [Fact]
    public void The_generator_keeps_the_size_and_the_discriminator_scores_patches()
    {
        Seed.Set(0);
        var images = rand(3, 1, 28, 28) * 2 - 1;
        var translated = new CycleGenerator(width: 8).call(images);
        AssertShape(translated, 3, 1, 28, 28);
        AssertShape(new DomainDiscriminator(width: 8).call(translated), 3, 1, 7, 7);
    }

    [Fact]
    public void Gradients_reach_every_parameter_of_both_networks()
    {
        Seed.Set(0);
        var g = new CycleGenerator(width: 8);
        var d = new DomainDiscriminator(width: 8);
        d.call(g.call(rand(4, 1, 16, 16) * 2 - 1)).square().mean().backward();
        AssertEveryParameterGetsGradient(g);
        AssertEveryParameterGetsGradient(d);
    }

    [Fact]
    public void Histogram_matching_gives_source_pixels_the_target_distribution_without_pairs()
    {
        Seed.Set(0);
        var source = rand(4000);
        var target = rand(4000).square();                           // other values, same shape of curve: x → x²
        var matched = HistogramMatching.Fit(source, target).Apply(tensor(new[] { 0.1f, 0.5f, 0.9f }));
        var expected = new[] { 0.01, 0.25, 0.81 };
        var got = matched.data<float>().ToArray();
        for (var i = 0; i < 3; i++) Assert.InRange(got[i], expected[i] - 0.04, expected[i] + 0.04);
    }

    [Fact]
    public void A_generator_step_leaves_the_discriminators_alone_and_a_discriminator_step_the_generators()
    {
        Seed.Set(0);
        var (g, f, dA, dB, gOptimizer, dOptimizer) = Networks();
        var (a, b) = Shapes(8, seed: 1);
        var generators = Snapshot(g, f);
        var discriminators = Snapshot(dA, dB);

        var (fakeB, fakeA, _) = CycleTraining.GeneratorStep(g, f, dA, dB, a, b, gOptimizer, cycleWeight: 10, identityWeight: 5);
        Assert.False(Same(generators, Snapshot(g, f)), "the generator step did not change the generators");
        Assert.True(Same(discriminators, Snapshot(dA, dB)), "the generator step changed a discriminator");

        generators = Snapshot(g, f);
        var generatorGradients = g.parameters().Concat(f.parameters()).Select(p => p.grad!.clone()).ToArray();
        CycleTraining.DiscriminatorStep(dA, dB, a, b, fakeA, fakeB, dOptimizer);
        Assert.False(Same(discriminators, Snapshot(dA, dB)), "the discriminator step did not change the discriminators");
        Assert.True(Same(generators, Snapshot(g, f)), "the discriminator step changed a generator");
        // Detached fakes: the discriminators' backward added nothing to the generators' gradients.
        Assert.All(g.parameters().Concat(f.parameters()).Zip(generatorGradients), pair => Assert.True(pair.First.grad!.equal(pair.Second).all().item<bool>()));
    }

    [Fact]
    public void Bold_style_grows_a_bright_point_to_its_3x3_neighbourhood_and_keeps_flat_images()
    {
        var image = zeros(1, 1, 9, 9);
        image[0, 0, 4, 4] = tensor(1f);
        var bold = BoldStyle.Apply(image);
        AssertShape(bold, 1, 1, 9, 9);
        Assert.Equal(9f, bold.sum().item<float>());                                     // the point became a 3×3 square
        Assert.Equal(1f, bold[0, 0, 3, 5].item<float>());
        Assert.Equal(0f, bold[0, 0, 2, 4].item<float>());                               // and no bigger
        Assert.Equal(0.5f, BoldStyle.Apply(full(1, 1, 9, 9, 0.5f))[0, 0, 0, 0].item<float>());   // flat stays flat, borders too
    }

    [Fact]
    public void Unpaired_training_beats_the_strongest_baseline_on_held_out_shapes()
    {
        var (translatedL1, baselineL1) = TrainTiny(breakIt: false);
        Assert.True(translatedL1 < 0.8 * baselineL1, $"L1 to the true bold versions: translation {translatedL1:F3}, strongest baseline {baselineL1:F3}");
    }

    [Fact]
    public void With_domain_B_loaded_from_domain_A_the_translation_does_not_beat_the_baseline()
    {
        // The notebook's break-it slip: "bold" is made of photos, so G learns to hand photos back.
        var (translatedL1, baselineL1) = TrainTiny(breakIt: true);
        Assert.False(translatedL1 < 0.8 * baselineL1, $"broken: translation {translatedL1:F3}, strongest baseline {baselineL1:F3}");
    }

    [Fact]
    public void An_untrained_generator_does_not_beat_doing_nothing()
    {
        Seed.Set(0);
        var (g, _, _, _, _, _) = Networks();
        var (testA, testTrueB) = Shapes(32, seed: 3);
        using var _ = no_grad();
        var translatedL1 = (g.call(testA) - testTrueB).abs().mean().item<float>();
        var identityL1 = (testA - testTrueB).abs().mean().item<float>();
        Assert.False(translatedL1 < 0.7 * identityL1, $"untrained: {translatedL1:F3} vs identity {identityL1:F3}");
    }

    // A few hundred CycleGAN steps on unpaired tiny shapes (A: shapes, B: bold versions of *other* shapes), then the
    // L1 of G on held-out shapes against the stronger of identity and histogram matching (pixels in [-1, 1]).
    static (double TranslatedL1, double BaselineL1) TrainTiny(bool breakIt)
    {
        // 8-channel convolutions on 16×16 images are too small to share out: on a busy 2-core machine two threads
        // fight and each step is several times slower. One thread for this training, restored afterwards.
        var threads = torch.get_num_threads();
        torch.set_num_threads(1);
        try { return TrainTinyOnOneThread(breakIt); }
        finally { torch.set_num_threads(threads); }
    }

    static (double TranslatedL1, double BaselineL1) TrainTinyOnOneThread(bool breakIt)
    {
        Seed.Set(0);
        var (g, f, dA, dB, gOptimizer, dOptimizer) = Networks();
        var (trainA, _) = Shapes(256, seed: 1);
        var (otherA, otherB) = Shapes(256, seed: 2);
        var trainB = breakIt ? otherA : otherB;
        var (testA, testTrueB) = Shapes(64, seed: 3);
        var random = new Random(0);
        for (var step = 0; step < Steps; step++)
        {
            var rowsA = tensor(Enumerable.Range(0, 16).Select(_ => (long)random.Next(256)).ToArray());
            var rowsB = tensor(Enumerable.Range(0, 16).Select(_ => (long)random.Next(256)).ToArray());
            CycleTraining.CycleStep(g, f, dA, dB, trainA.index_select(0, rowsA), trainB.index_select(0, rowsB), gOptimizer, dOptimizer, cycleWeight: 1, identityWeight: 0.1);
        }
        g.eval();
        using var _ = no_grad();
        var translatedL1 = (g.call(testA) - testTrueB).abs().mean().item<float>();
        var identityL1 = (testA - testTrueB).abs().mean().item<float>();
        var histogramL1 = (HistogramMatching.Fit(trainA, otherB).Apply(testA) - testTrueB).abs().mean().item<float>();
        return (translatedL1, Math.Min(identityL1, histogramL1));
    }

    const int Steps = 300;

    [Fact]
    public void Bad_inputs_get_clear_errors()
    {
        var e = Assert.Throws<ArgumentException>(() => new DomainDiscriminator(width: 8).call(rand(2, 1, 30, 30)));
        Assert.Equal("DomainDiscriminator: expected input of shape [N, 1, H, W] with H and W multiples of 4, got [2, 1, 30, 30].", e.Message);
        e = Assert.Throws<ArgumentException>(() => new CycleGenerator(width: 8).call(rand(2, 3, 16, 16)));
        Assert.Equal("CycleGenerator: expected input of shape [N, 1, H, W], got [2, 3, 16, 16].", e.Message);
    }

    // Tiny stand-in for the garments: 16×16 images of filled rectangles in [-1, 1]; (photos, their true bold versions).
    static (Tensor Photos, Tensor Drawings) Shapes(int count, int seed)
    {
        var random = new Random(seed);
        var images = zeros(count, 1, 16, 16);
        for (var i = 0; i < count; i++)
        {
            int top = random.Next(1, 7), left = random.Next(1, 7), height = random.Next(4, 9), width = random.Next(4, 9);
            images[i, 0, top..(top + height), left..(left + width)] = tensor(0.5f + 0.5f * (float)random.NextDouble());
        }
        return (images * 2 - 1, BoldStyle.Apply(images) * 2 - 1);      // domain B: bold
    }

    static (CycleGenerator, CycleGenerator, DomainDiscriminator, DomainDiscriminator, optim.Optimizer, optim.Optimizer) Networks()
    {
        var (g, f) = (new CycleGenerator(width: 8), new CycleGenerator(width: 8));
        var (dA, dB) = (new DomainDiscriminator(width: 16), new DomainDiscriminator(width: 16));
        var gOptimizer = optim.Adam(g.parameters().Concat(f.parameters()), 5e-3, 0.5, 0.999);
        var dOptimizer = optim.Adam(dA.parameters().Concat(dB.parameters()), 2e-3, 0.5, 0.999);
        return (g, f, dA, dB, gOptimizer, dOptimizer);
    }

    static Tensor[] Snapshot(params nn.Module[] modules) => modules.SelectMany(m => m.parameters()).Select(p => p.detach().clone()).ToArray();
    static bool Same(Tensor[] before, Tensor[] after) => before.Zip(after).All(pair => pair.First.equal(pair.Second).all().item<bool>());
}
