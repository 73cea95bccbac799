using NeuralNotebooks.Practice;
using TorchSharp;
using static TorchSharp.torch;
using static NeuralNotebooks.Tests.Practice.GraderKit;
using Module = TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>;

namespace NeuralNotebooks.Tests.Practice;

/// <summary>The grader of practice 16 (the CycleGAN generators' loss).</summary>
public class CycleGeneratorLossGraderTests
{
    static CheckReport Check(Func<Module, Module, Module, Module, Tensor, Tensor, double, double, (Tensor, Tensor, Tensor, Tensor)> loss) =>
        NeuralNotebooks.Practice.Practice.Check("16", loss);

    static Tensor LeastSquares(Tensor scores) => (scores - 1).pow(2).mean();

    static Tensor L1(Tensor x, Tensor y) => (x - y).abs().mean();

    /// <summary>A correct loss with the parts swapped out one at a time by the broken versions below.</summary>
    static (Tensor, Tensor, Tensor, Tensor) Loss(Module g, Module f, Module dA, Module dB, Tensor a, Tensor b, double cw, double iw,
        Func<Tensor, Tensor>? adversarialOf = null, bool wrongCycle = false, bool wrongIdentity = false, bool detach = false)
    {
        adversarialOf ??= LeastSquares;
        var (fakeB, fakeA) = (g.call(a), f.call(b));
        var adversarial = adversarialOf(dB.call(detach ? fakeB.detach() : fakeB)) + adversarialOf(dA.call(detach ? fakeA.detach() : fakeA));
        var cycle = wrongCycle ? L1(g.call(fakeB), a) + L1(f.call(fakeA), b) : L1(f.call(fakeB), a) + L1(g.call(fakeA), b);
        var identity = wrongIdentity ? L1(g.call(a), a) + L1(f.call(b), b) : L1(g.call(b), b) + L1(f.call(a), a);
        return (adversarial + cw * cycle + iw * identity, adversarial, cycle, identity);
    }

    [Fact]
    public void The_reference_passes() => AssertPasses(NeuralNotebooks.Practice.Practice.Check("16", PracticeCatalog.Reference(PracticeCatalog.Practice("16"))));

    /// <summary>Written differently: the squares and absolute values by hand, the weighted sum with add(other, alpha).</summary>
    [Fact]
    public void A_hand_written_version_passes() => AssertPasses(Check((g, f, dA, dB, a, b, cw, iw) =>
    {
        var (total, adversarial, cycle, identity) = Loss(g, f, dA, dB, a, b, 0, 0);
        return (adversarial.add(cycle, cw).add(identity, iw), adversarial, cycle, identity);
    }));

    /// <summary>The guide's kind of defect: a round trip through the same generator.</summary>
    [Fact]
    public void A_cycle_through_the_wrong_generator_fails_values() =>
        AssertFails(Check((g, f, dA, dB, a, b, cw, iw) => Loss(g, f, dA, dB, a, b, cw, iw, wrongCycle: true)),
            "values", "the cycle part", "F(G(a))", "not G(G(a))");

    [Fact]
    public void Identity_on_the_wrong_domain_fails_values() =>
        AssertFails(Check((g, f, dA, dB, a, b, cw, iw) => Loss(g, f, dA, dB, a, b, cw, iw, wrongIdentity: true)),
            "values", "the identity part", "TARGET domain");

    [Fact]
    public void Bce_instead_of_least_squares_fails_values() =>
        AssertFails(Check((g, f, dA, dB, a, b, cw, iw) => Loss(g, f, dA, dB, a, b, cw, iw,
                adversarialOf: s => nn.functional.binary_cross_entropy_with_logits(s, ones_like(s)))),
            "values", "the adversarial part", "least squares", "not BCE");

    [Fact]
    public void Detached_fakes_fail_the_fakes_are_not_detached() =>
        AssertFails(Check((g, f, dA, dB, a, b, cw, iw) => Loss(g, f, dA, dB, a, b, cw, iw, detach: true)),
            "the fakes are not detached", "gets no gradient", "detached");

    [Fact]
    public void Fixed_weights_fail_each_weight_respected() =>
        AssertFails(Check((g, f, dA, dB, a, b, cw, iw) => Loss(g, f, dA, dB, a, b, 10, 5)),
            "each weight respected", "λ = 0 drops it");
}
