using NeuralNotebooks.Blocks;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Tests.Blocks;

public class AdversarialTrainingTests
{
    // Tiny linear "networks": G maps 4-d noise to 3-d samples, D maps a sample to one logit.
    static (nn.Module<Tensor, Tensor> G, nn.Module<Tensor, Tensor> D) Networks(int seed)
    {
        manual_seed(seed);
        return (nn.Linear(4, 3), nn.Linear(3, 1));
    }

    static Dictionary<string, Tensor> Copy(nn.Module module) =>
        module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());

    static void AssertSameWeights(nn.Module expected, nn.Module actual)
    {
        foreach (var (name, weight) in Copy(expected))
            Assert.True(weight.allclose(actual.state_dict()[name], rtol: 0, atol: 1e-6), $"{name} differs");
    }

    [Fact]
    public void It_updates_the_discriminator_on_detached_fakes_then_the_generator_through_the_updated_discriminator()
    {
        var (g, d) = Networks(0);
        var (gByHand, dByHand) = Networks(0);
        var z = randn(6, 4);
        var real = randn(6, 3) + 2;
        Tensor Extra(Tensor fake) => 0.3 * (fake - real).abs().mean();

        var result = AdversarialTraining.Step(() => g.call(z), x => d.call(x).squeeze(1), real,
            optim.SGD(d.parameters(), 0.1), optim.SGD(g.parameters(), 0.1),
            extraGeneratorLoss: Extra, realLabel: 0.9, discriminatorWeight: 0.5, adversarialWeight: 0.2);

        // The same step written out: D's update only from its own loss on detached fakes, then G's update
        // only from its loss through the already-updated D. Any leak or reordering changes some weight.
        var dOptimizer = optim.SGD(dByHand.parameters(), 0.1);
        var gOptimizer = optim.SGD(gByHand.parameters(), 0.1);
        var fake = gByHand.call(z);
        var dLoss = 0.5 * GanLosses.Discriminator(dByHand.call(real).squeeze(1), dByHand.call(fake.detach()).squeeze(1), 0.9);
        dOptimizer.zero_grad(); dLoss.backward(); dOptimizer.step();
        var adversarial = GanLosses.Generator(dByHand.call(fake).squeeze(1));
        gOptimizer.zero_grad(); (0.2 * adversarial + Extra(fake)).backward(); gOptimizer.step();

        AssertSameWeights(dByHand, d);
        AssertSameWeights(gByHand, g);
        Assert.Equal(dLoss.item<float>(), result.DiscriminatorLoss, 5);
        Assert.Equal(adversarial.item<float>(), result.AdversarialLoss, 5);
        Assert.Equal(Extra(fake).item<float>(), result.ExtraLoss, 5);
    }

    static void AssertUnchanged(Dictionary<string, Tensor> before, nn.Module module)
    {
        foreach (var (name, weight) in before)
            Assert.True(weight.allclose(module.state_dict()[name], rtol: 0, atol: 0), $"{name} moved");
    }

    [Fact]
    public void Each_optimizer_moves_only_its_own_network()
    {
        // Generator learning rate 0: the step must leave G exactly as it was (the D step may not touch it).
        var (g, d) = Networks(1);
        var gBefore = Copy(g);
        var dBefore = Copy(d);
        AdversarialTraining.Step(() => g.call(randn(5, 4)), x => d.call(x).squeeze(1), randn(5, 3),
            optim.SGD(d.parameters(), 0.1), optim.SGD(g.parameters(), 0.0));
        AssertUnchanged(gBefore, g);
        Assert.Contains(d.parameters().Zip(dBefore.Values), p => !p.First.allclose(p.Second));

        // Discriminator learning rate 0: D stays, although the G step's backward runs through it.
        (g, d) = Networks(2);
        gBefore = Copy(g);
        dBefore = Copy(d);
        AdversarialTraining.Step(() => g.call(randn(5, 4)), x => d.call(x).squeeze(1), randn(5, 3),
            optim.SGD(d.parameters(), 0.0), optim.SGD(g.parameters(), 0.1));
        AssertUnchanged(dBefore, d);
        Assert.Contains(g.parameters().Zip(gBefore.Values), p => !p.First.allclose(p.Second));
    }

    [Fact]
    public void The_discriminator_sees_the_fakes_detached_and_the_generator_step_sees_them_with_gradients()
    {
        var (g, d) = Networks(3);
        var seen = new List<bool>();
        AdversarialTraining.Step(() => g.call(randn(5, 4)), x => { seen.Add(x.requires_grad); return d.call(x).squeeze(1); }, randn(5, 3),
            optim.SGD(d.parameters(), 0.1), optim.SGD(g.parameters(), 0.1));
        Assert.Equal([false, false, true], seen);   // real, detached fake (D step), fake (G step)
    }
}
