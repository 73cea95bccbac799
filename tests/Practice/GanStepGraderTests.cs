using NeuralNotebooks.Practice;
using TorchSharp;
using static TorchSharp.torch;
using static NeuralNotebooks.Tests.Practice.GraderKit;
using F = TorchSharp.torch.nn.functional;

namespace NeuralNotebooks.Tests.Practice;

/// <summary>The grader of practice 04 (one GAN training step: D on real and detached fakes, then G, non-saturating).</summary>
public class GanStepGraderTests
{
    delegate (Tensor, Tensor) Step(Tensor real, Tensor noise, nn.Module<Tensor, Tensor> g, nn.Module<Tensor, Tensor> d, optim.Optimizer dOpt, optim.Optimizer gOpt);

    static CheckReport Check(Step step) => NeuralNotebooks.Practice.Practice.Check("04",
        new Func<Tensor, Tensor, nn.Module<Tensor, Tensor>, nn.Module<Tensor, Tensor>, optim.Optimizer, optim.Optimizer, (Tensor, Tensor)>(step));

    [Fact]
    public void The_reference_passes() => AssertPasses(NeuralNotebooks.Practice.Practice.Check("04", PracticeCatalog.Reference(PracticeCatalog.Practice("04"))));

    /// <summary>Written differently: D's loss by hand with softplus (−log σ(x) = softplus(−x)), one call of D on real and fakes together, fakes computed twice.</summary>
    [Fact]
    public void A_softplus_version_passes() => AssertPasses(Check((real, noise, g, d, dOpt, gOpt) =>
    {
        Tensor fakes;
        using (torch.no_grad()) fakes = g.call(noise);
        var logits = d.call(torch.cat([real, fakes], 0));
        var n = real.shape[0];
        var dLoss = F.softplus(-logits[..(int)n]).mean() + F.softplus(logits[(int)n..]).mean();
        dOpt.zero_grad(); dLoss.backward(); dOpt.step();
        var gLoss = F.softplus(-d.call(g.call(noise))).mean();
        gOpt.zero_grad(); gLoss.backward(); gOpt.step();
        return (dLoss, gLoss);
    }));

    /// <summary>The guide's defect: a discriminator ending in a sigmoid, then BCE on probabilities.</summary>
    [Fact]
    public void The_guides_sigmoid_then_BCE_fails_stability() => AssertFails(Check((real, noise, g, d, dOpt, gOpt) =>
    {
        var fake = g.call(noise);
        var pReal = d.call(real).sigmoid();
        var pFake = d.call(fake.detach()).sigmoid();
        var dLoss = F.binary_cross_entropy(pReal, torch.ones_like(pReal)) + F.binary_cross_entropy(pFake, torch.zeros_like(pFake));
        dOpt.zero_grad(); dLoss.backward(); dOpt.step();
        var p = d.call(fake).sigmoid();
        var gLoss = F.binary_cross_entropy(p, torch.ones_like(p));
        gOpt.zero_grad(); gLoss.backward(); gOpt.step();
        return (dLoss, gLoss);
    }), "stability ×1e4", "the guide's discriminator ends in a sigmoid");

    [Fact]
    public void Forgetting_detach_fails_detached() => AssertFails(Check((real, noise, g, d, dOpt, gOpt) =>
    {
        var fake = g.call(noise);
        var r = d.call(real); var f = d.call(fake);
        var dLoss = F.binary_cross_entropy_with_logits(r, torch.ones_like(r)) + F.binary_cross_entropy_with_logits(f, torch.zeros_like(f));
        dOpt.zero_grad(); dLoss.backward(retain_graph: true); dOpt.step();
        var l = d.call(fake);
        var gLoss = F.binary_cross_entropy_with_logits(l, torch.ones_like(l));
        gOpt.zero_grad(); gLoss.backward(); gOpt.step();
        return (dLoss, gLoss);
    }), "fakes detached in the discriminator step", "fake.detach()");

    [Fact]
    public void A_discriminator_step_that_updates_the_generator_fails_the_generator_step() => AssertFails(Check((real, noise, g, d, dOpt, gOpt) =>
    {
        var fake = g.call(noise);
        var r = d.call(real); var f = d.call(fake);
        var dLoss = F.binary_cross_entropy_with_logits(r, torch.ones_like(r)) + F.binary_cross_entropy_with_logits(f, torch.zeros_like(f));
        dOpt.zero_grad(); gOpt.zero_grad(); dLoss.backward(); dOpt.step(); gOpt.step();   // both nets step on D's loss
        var l = d.call(g.call(noise));
        var gLoss = F.binary_cross_entropy_with_logits(l, torch.ones_like(l));
        gOpt.zero_grad(); gLoss.backward(); gOpt.step();
        return (dLoss, gLoss);
    }), "the generator step", "the discriminator step must not update the generator");

    [Fact]
    public void The_saturating_generator_loss_fails_losses() => AssertFails(Check((real, noise, g, d, dOpt, gOpt) =>
    {
        var fake = g.call(noise);
        var r = d.call(real); var f = d.call(fake.detach());
        var dLoss = F.binary_cross_entropy_with_logits(r, torch.ones_like(r)) + F.binary_cross_entropy_with_logits(f, torch.zeros_like(f));
        dOpt.zero_grad(); dLoss.backward(); dOpt.step();
        var l = d.call(fake);
        var gLoss = -F.binary_cross_entropy_with_logits(l, torch.zeros_like(l));   // log(1 − D(G(z))), minimised
        gOpt.zero_grad(); gLoss.backward(); gOpt.step();
        return (dLoss, gLoss);
    }), "losses", "saturating");
}
