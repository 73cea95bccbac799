using TorchSharp;
using static TorchSharp.torch;
using Module = TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>;
using LossFunction = System.Func<TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>, TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>,
    TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>, TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>,
    TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, double, double, (TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, TorchSharp.torch.Tensor)>;

namespace NeuralNotebooks.Practice.Checks;

/// <summary>
/// Exercise 16: the CycleGAN generators' loss, (G, F, dA, dB, a, b, λ_cycle, λ_id) → (total, adversarial, cycle, identity).
/// Checks shapes (four scalars, batch 1 and others), each part's value against the reference with small random conv
/// generators and discriminators, that each weight multiplies its own term (λ = 0 drops it), that gradients reach every
/// parameter of G and F, and that the adversarial term alone reaches G and F as autograd says (the fakes are not detached).
/// </summary>
public sealed class CycleGeneratorLossCheck : IExerciseCheck
{
    static readonly LossFunction Reference = (LossFunction)References.CycleGeneratorLossReference.Functions()[0];

    const string CycleCause = "the cycle is a round trip through BOTH generators: F(G(a)) ≈ a and G(F(b)) ≈ b — not G(G(a)) or F(F(b)), which never come back to domain A (B); mean L1 (l1_loss), not MSE.";
    const string IdentityCause = "identity: each generator leaves an image that is already in its TARGET domain alone: G(b) ≈ b and F(a) ≈ a — not G(a) ≈ a (the wrong domain), which forbids G to translate at all.";
    const string AdversarialCause = "least squares (LSGAN, CycleGAN's choice), not BCE: mse_loss(dB(G(a)), 1) + mse_loss(dA(F(b)), 1) — each fake judged by the discriminator of the domain it pretends to be.";

    public IReadOnlyList<PropertyResult> Run(Learner learner, int seed)
    {
        var kit = new CheckKit(seed);
        var function = learner.Function<LossFunction>(0);
        (Tensor, Tensor, Tensor, Tensor) Call(Nets n, Tensor a, Tensor b, double cycleWeight, double identityWeight) =>
            learner.Run(0, () => function(n.G, n.F, n.DA, n.DB, a, b, cycleWeight, identityWeight));

        return CheckKit.InOrder(
            ("shapes", [], () => Shapes(kit, Call)),
            ("values", ["shapes"], () => Values(kit, Call)),
            ("each weight respected", ["shapes"], () => Weights(kit, Call)),
            ("gradients reach G and F", ["shapes"], () => Gradients(kit, Call)),
            ("the fakes are not detached", ["gradients reach G and F"], () => NotDetached(kit, Call)));
    }

    delegate (Tensor Total, Tensor Adversarial, Tensor Cycle, Tensor Identity) Caller(Nets nets, Tensor a, Tensor b, double cycleWeight, double identityWeight);

    /// <summary>Two small conv generators (3 → 3 channels, tanh) and two patch discriminators (3 → 1 score map).</summary>
    sealed record Nets(Module G, Module F, Module DA, Module DB)
    {
        public static Nets Make(ScalarType dtype) => new(Generator(dtype), Generator(dtype),
            nn.Conv2d(3, 1, 3, padding: 1, dtype: dtype), nn.Conv2d(3, 1, 3, padding: 1, dtype: dtype));

        static Module Generator(ScalarType dtype) => nn.Sequential(nn.Conv2d(3, 3, 3, padding: 1, dtype: dtype), nn.Tanh());

        public IEnumerable<(string Name, Tensor Parameter)> GeneratorParameters() =>
            G.named_parameters().Select(p => ("G." + p.name, (Tensor)p.parameter))
             .Concat(F.named_parameters().Select(p => ("F." + p.name, (Tensor)p.parameter)));

        public void ZeroGrad() { G.zero_grad(); F.zero_grad(); DA.zero_grad(); DB.zero_grad(); }
    }

    static (Tensor A, Tensor B) Images(CheckKit kit, ScalarType dtype, int batch)
    {
        var (h, w) = (kit.Int(4, 7), kit.Int(4, 7));
        return (kit.Rand(dtype, batch, 3, h, w) * 2 - 1, kit.Rand(dtype, batch, 3, h, w) * 2 - 1);
    }

    // TensorDiff indexes its tensors: the scalar losses are compared as one-element vectors.
    static string Shape(Tensor? t) => t is null ? "null" : TensorDiff.Shape(t);

    static PropertyResult Shapes(CheckKit kit, Caller call)
    {
        foreach (var batch in kit.Batches())
        {
            var (a, b) = Images(kit, ScalarType.Float32, batch);
            var (total, adversarial, cycle, identity) = call(Nets.Make(ScalarType.Float32), a, b, 10, 5);
            var parts = new[] { total, adversarial, cycle, identity };
            if (parts.Any(p => p is null || p.numel() != 1))
                return PropertyResult.Fail("shapes", $"batch {batch}, images {TensorDiff.Shape(a)}: expected four scalars (total, adversarial, cycle, identity), got {string.Join(", ", parts.Select(Shape))}.",
                    "each term is a mean over the batch and every pixel (mse_loss, l1_loss): one number each, for batch 1 too.");
        }
        return PropertyResult.Pass("shapes", "four scalars (total, adversarial, cycle, identity), batch 1 and others.");
    }

    static PropertyResult Values(CheckKit kit, Caller call)
    {
        foreach (var dtype in new[] { ScalarType.Float64, ScalarType.Float32 })
        {
            var (a, b) = Images(kit, dtype, 3);
            var nets = Nets.Make(dtype);
            var got = call(nets, a, b, 10, 5);
            var expected = Reference(nets.G, nets.F, nets.DA, nets.DB, a, b, 10, 5);
            foreach (var (name, e, g, cause) in new[]
            {
                ("the adversarial part", expected.Item2, got.Adversarial, AdversarialCause),
                ("the cycle part", expected.Item3, got.Cycle, CycleCause),
                ("the identity part", expected.Item4, got.Identity, IdentityCause),
                ("the total (λ_cycle 10, λ_id 5)", expected.Item1, got.Total, "total = adversarial + λ_cycle·cycle + λ_id·identity."),
            })
                if (TensorDiff.Compare("values", $"{name} ({dtype}, images {TensorDiff.Shape(a)}, small random conv G, F, dA, dB)", e.detach().reshape(1), g.detach().reshape(1), cause) is { } failed)
                    return failed;
        }
        return PropertyResult.Pass("values", "adversarial, cycle, identity and total equal the reference's, float64 and float32.");
    }

    static PropertyResult Weights(CheckKit kit, Caller call)
    {
        var (a, b) = Images(kit, ScalarType.Float64, 2);
        var nets = Nets.Make(ScalarType.Float64);
        foreach (var (cycleWeight, identityWeight) in new[] { (0.0, 0.0), (3.0, 0.0), (0.0, 2.0), (7.0, 0.5) })
        {
            var got = call(nets, a, b, cycleWeight, identityWeight).Total;
            var expected = Reference(nets.G, nets.F, nets.DA, nets.DB, a, b, cycleWeight, identityWeight).Item1;
            if (TensorDiff.Compare("each weight respected", $"the total with λ_cycle = {cycleWeight}, λ_id = {identityWeight}", expected.detach().reshape(1), got.detach().reshape(1),
                    "λ_cycle multiplies only the cycle term and λ_id only the identity term (λ = 0 drops it); use the arguments, not constants (10 and 5 are only CycleGAN's usual values); the adversarial terms have weight 1.") is { } failed)
                return failed;
        }
        return PropertyResult.Pass("each weight respected", "λ_cycle and λ_id each scale their own term; λ = 0 drops it.");
    }

    static PropertyResult Gradients(CheckKit kit, Caller call)
    {
        var (a, b) = Images(kit, ScalarType.Float32, 2);
        var nets = Nets.Make(ScalarType.Float32);
        var total = call(nets, a, b, 10, 5).Total;
        if (!total.requires_grad)
            return PropertyResult.Fail("gradients reach G and F", "the total does not depend on the generators' parameters through autograd.",
                "compute every term with tensor operations from g.call and f.call; no .item(), no_grad or detach() around the generators.");
        total.backward();
        foreach (var (name, parameter) in nets.GeneratorParameters())
            if (parameter.grad is null || parameter.grad.abs().sum().item<float>() == 0)
                return PropertyResult.Fail("gradients reach G and F", $"parameter '{name}' got no gradient.",
                    "both generators appear in the loss: G in G(a), G(F(b)), G(b); F in F(b), F(G(a)), F(a). Nothing detached.");
        return PropertyResult.Pass("gradients reach G and F", "every parameter of G and F gets a gradient from the total.");
    }

    /// <summary>λ_cycle = λ_id = 0: only the adversarial terms remain, and they reach G and F only through the fakes.</summary>
    static PropertyResult NotDetached(CheckKit kit, Caller call)
    {
        var (a, b) = Images(kit, ScalarType.Float64, 2);
        var nets = Nets.Make(ScalarType.Float64);
        var got = call(nets, a, b, 0, 0).Total;
        if (!got.requires_grad)
            return PropertyResult.Fail("the fakes are not detached", "with λ_cycle = λ_id = 0 the total (the adversarial terms alone) does not reach G or F.",
                "do not detach the fakes in the generators' loss: G learns only through dB(G(a)). Detaching belongs to the discriminators' step.");
        got.backward();
        var learnerGrads = nets.GeneratorParameters().Select(p => (p.Name, Grad: p.Parameter.grad?.clone() ?? zeros_like(p.Parameter))).ToList();
        nets.ZeroGrad();
        Reference(nets.G, nets.F, nets.DA, nets.DB, a, b, 0, 0).Item1.backward();
        foreach (var ((name, grad), (_, parameter)) in learnerGrads.Zip(nets.GeneratorParameters()))
        {
            var expected = parameter.grad!;
            if (grad.abs().sum().item<double>() == 0 && expected.abs().sum().item<double>() > 0)
                return PropertyResult.Fail("the fakes are not detached", $"with λ_cycle = λ_id = 0 parameter '{name}' gets no gradient from the adversarial terms.",
                    "the fakes are detached (fakeB.detach()) in the generators' loss: the adversarial gradient cannot reach the generator. Detach only in the discriminators' step.");
            if (TensorDiff.Compare("the fakes are not detached", $"the gradient of '{name}' from the adversarial terms alone (λ = 0), against autograd on the reference", expected, grad,
                    AdversarialCause) is { } failed)
                return failed;
        }
        return PropertyResult.Pass("the fakes are not detached", "the adversarial terms alone give G and F autograd's gradients: the fakes are not detached.");
    }
}
