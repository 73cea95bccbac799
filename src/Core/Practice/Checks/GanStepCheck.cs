using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;
using StepFunction = System.Func<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>,
    TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>, TorchSharp.torch.optim.Optimizer, TorchSharp.torch.optim.Optimizer,
    (TorchSharp.torch.Tensor, TorchSharp.torch.Tensor)>;

namespace NeuralNotebooks.Practice.Checks;

/// <summary>
/// Exercise 04: one GAN training step on small MLPs (float64, plain SGD, so every update is exactly −lr·gradient):
/// the losses against the reference, the fakes detached in the discriminator step (a probe on the generator's output
/// counts the gradient that reaches it), the discriminator step, the generator step (through the updated
/// discriminator, G untouched by D's loss), stability for logits ×1e4, and a tiny 1-D GAN moving towards the data.
/// </summary>
public sealed class GanStepCheck : IExerciseCheck
{
    static readonly StepFunction Reference = (StepFunction)References.GanStepReference.Functions()[0];
    const int Noise = 2, Data = 3;

    /// <summary>The generator as the grader gives it: its network times a probe (1.0) whose gradient records every backward pass through the fakes.</summary>
    sealed class Probed : nn.Module<Tensor, Tensor>
    {
        private readonly Sequential net;
        private readonly Tensor[] probe;   // an array, so that RegisterComponents leaves it out and generator.zero_grad() cannot clear it
        public Probed(Sequential net) : base("Generator")
        {
            this.net = net;
            probe = [torch.ones(1, ScalarType.Float64).requires_grad_(true)];
            RegisterComponents();
        }
        public Sequential Net => net;
        public double ProbeGradient => probe[0].grad is null ? 0 : probe[0].grad!.item<double>();
        public override Tensor forward(Tensor z) => net.call(z) * probe[0];
    }

    sealed record Nets(Tensor[] Generator, Tensor[] Discriminator);

    static Sequential Build(Tensor[] weights, bool generator)
    {
        var net = generator ? nn.Sequential(nn.Linear(Noise, 8), nn.ReLU(), nn.Linear(8, Data)) : nn.Sequential(nn.Linear(Data, 8), nn.LeakyReLU(0.2), nn.Linear(8, 1));
        net.to(ScalarType.Float64);
        using var noGrad = torch.no_grad();
        foreach (var (p, w) in net.parameters().Zip(weights)) p.copy_(w);
        return net;
    }

    static Tensor[] Weights(nn.Module module) => module.parameters().Select(p => p.detach().clone()).ToArray();

    sealed record StepResult(double DLoss, double GLoss, Tensor[] Generator, Tensor[] Discriminator, double ProbeGradient);

    /// <summary>Runs a step function on fresh copies of the nets with SGD at the given learning rates.</summary>
    static StepResult Step(StepFunction step, Nets nets, Tensor real, Tensor noise, double dRate, double gRate, Func<Func<(Tensor, Tensor)>, (Tensor, Tensor)>? run = null)
    {
        var generator = new Probed(Build(nets.Generator, true));
        var discriminator = Build(nets.Discriminator, false);
        var dOptimizer = torch.optim.SGD(discriminator.parameters(), dRate);
        var gOptimizer = torch.optim.SGD(generator.parameters(), gRate);
        var (dLoss, gLoss) = (run ?? (f => f()))(() => step(real, noise, generator, discriminator, dOptimizer, gOptimizer));
        if (dLoss is null || gLoss is null || dLoss.numel() != 1 || gLoss.numel() != 1)
            return new StepResult(double.NaN, double.NaN, Weights(generator.Net), Weights(discriminator), generator.ProbeGradient);
        return new StepResult(dLoss.to(ScalarType.Float64).item<double>(), gLoss.to(ScalarType.Float64).item<double>(), Weights(generator.Net), Weights(discriminator), generator.ProbeGradient);
    }

    public IReadOnlyList<PropertyResult> Run(Learner learner, int seed)
    {
        var kit = new CheckKit(seed);
        var step = learner.Function<StepFunction>(0);
        StepResult Learner(Nets nets, Tensor real, Tensor noise, double dRate, double gRate) => Step(step, nets, real, noise, dRate, gRate, f => learner.Run(0, f));
        Nets Make(double scale = 1) => new(
            [kit.Randn(ScalarType.Float64, 8, Noise) * 0.5, kit.Randn(ScalarType.Float64, 8) * 0.1, kit.Randn(ScalarType.Float64, Data, 8) * 0.5, kit.Randn(ScalarType.Float64, Data) * 0.1],
            [kit.Randn(ScalarType.Float64, 8, Data) * 0.5, kit.Randn(ScalarType.Float64, 8) * 0.1, kit.Randn(ScalarType.Float64, 1, 8) * 0.5 * scale, kit.Randn(ScalarType.Float64, 1) * 0.1]);
        var cases = kit.Batches().Select(b => (Nets: Make(), Real: kit.Randn(ScalarType.Float64, b, Data) + 1, Noise: kit.Randn(ScalarType.Float64, b, Noise))).ToArray();

        return CheckKit.InOrder(
            ("losses", [], () => Losses(cases, Learner)),
            ("fakes detached in the discriminator step", ["losses"], () => Detached(cases, Learner)),
            ("the discriminator step", ["losses"], () => DiscriminatorStep(cases, Learner)),
            ("the generator step", ["the discriminator step"], () => GeneratorStep(cases, Learner, step)),
            ("stability ×1e4", ["losses"], () => Stable(kit, Make(1e4), Learner)),
            ("moves towards the data", ["the generator step"], () => Moves(kit, step, learner)));
    }

    static PropertyResult Losses((Nets Nets, Tensor Real, Tensor Noise)[] cases, Func<Nets, Tensor, Tensor, double, double, StepResult> learner)
    {
        foreach (var (nets, real, noise) in cases)
        {
            var got = learner(nets, real, noise, 0, 0);
            var expected = Step(Reference, nets, real, noise, 0, 0);
            var where = $"batch {real.shape[0]}";
            if (double.IsNaN(got.DLoss))
                return PropertyResult.Fail("losses", $"{where}: GanStep should return the two losses as one-element tensors.", "return (dLoss, gLoss), each a mean BCE (a scalar).");
            if (!Close(got.DLoss, expected.DLoss))
                return PropertyResult.Fail("losses", $"{where}: the discriminator's loss should be {expected.DLoss:G6}, got {got.DLoss:G6}.",
                    Close(got.DLoss, expected.DLoss / 2) ? "the two BCE terms are averaged; here the D loss is their sum: BCE(D(real), 1) + BCE(D(fake), 0)."
                    : "dLoss = BCE_with_logits(D(real), 1) + BCE_with_logits(D(fake.detach()), 0), each a mean over the batch.");
            if (!Close(got.GLoss, expected.GLoss))
            {
                var saturating = -DiscriminatorFakeLoss(nets, noise);
                return PropertyResult.Fail("losses", $"{where}: the generator's loss should be {expected.GLoss:G6}, got {got.GLoss:G6}.",
                    Close(got.GLoss, saturating)
                        ? "that is the saturating loss, log(1 − D(G(z))) = −BCE(D(G(z)), 0): its gradient vanishes while D rejects the fakes, early in training. Use the non-saturating BCE(D(G(z)), 1) = −log D(G(z))."
                        : "gLoss = BCE_with_logits(D(G(z)), 1) — the non-saturating loss — with D after its update (with learning rate 0 here it is the same D).");
            }
        }
        return PropertyResult.Pass("losses", "both losses match the reference (BCE on logits; non-saturating generator loss) for batch sizes " + string.Join(", ", cases.Select(c => c.Real.shape[0])) + ".");
    }

    static double DiscriminatorFakeLoss(Nets nets, Tensor noise)
    {
        var logits = Build(nets.Discriminator, false).call(Build(nets.Generator, true).call(noise));
        return F.binary_cross_entropy_with_logits(logits, torch.zeros_like(logits)).item<double>();
    }

    static bool Close(double got, double expected) => Math.Abs(got - expected) <= 1e-9 + 1e-7 * Math.Abs(expected);

    static PropertyResult Detached((Nets Nets, Tensor Real, Tensor Noise)[] cases, Func<Nets, Tensor, Tensor, double, double, StepResult> learner)
    {
        var (nets, real, noise) = cases[^1];
        var got = learner(nets, real, noise, 0, 0);
        var expected = Step(Reference, nets, real, noise, 0, 0);
        if (!Close(got.ProbeGradient, expected.ProbeGradient))
            return PropertyResult.Fail("fakes detached in the discriminator step",
                $"the gradient reaching the generator's output adds up to {got.ProbeGradient:G6} over your step; from the generator's loss alone it is {expected.ProbeGradient:G6}.",
                "the discriminator's loss reached the generator: pass fake.detach() to D in its step. D's loss wants D to reject the fakes; backpropagating it into G wastes work and, unless G's gradients are zeroed in between, pushes G the wrong way.");
        return PropertyResult.Pass("fakes detached in the discriminator step", "only the generator's loss sends a gradient into the generator.");
    }

    static PropertyResult DiscriminatorStep((Nets Nets, Tensor Real, Tensor Noise)[] cases, Func<Nets, Tensor, Tensor, double, double, StepResult> learner)
    {
        foreach (var (nets, real, noise) in cases)
        {
            var got = learner(nets, real, noise, 0.1, 0);
            var expected = Step(Reference, nets, real, noise, 0.1, 0);
            for (int i = 0; i < got.Discriminator.Length; i++)
                if (TensorDiff.Compare("the discriminator step", $"D's parameter {i} after the step (SGD lr 0.1 for D, 0 for G, batch {real.shape[0]})", expected.Discriminator[i], got.Discriminator[i],
                        got.Discriminator[i].allclose(nets.Discriminator[i]) ? "D did not move: dOptimizer.zero_grad(), dLoss.backward(), dOptimizer.step()."
                        : "D moves once, by −lr·∇_D [BCE(D(real), 1) + BCE(D(fake.detach()), 0)]: zero its gradients first, and don't step it again with the generator's loss.") is { } failed)
                    return failed;
        }
        return PropertyResult.Pass("the discriminator step", "D's parameters move exactly by one SGD step on the discriminator's loss.");
    }

    static PropertyResult GeneratorStep((Nets Nets, Tensor Real, Tensor Noise)[] cases, Func<Nets, Tensor, Tensor, double, double, StepResult> learner, StepFunction step)
    {
        foreach (var (nets, real, noise) in cases)
        {
            var got = learner(nets, real, noise, 0.1, 0.1);
            var expected = Step(Reference, nets, real, noise, 0.1, 0.1);
            var withOldD = Step(Reference, nets, real, noise, 0, 0.1);
            for (int i = 0; i < got.Generator.Length; i++)
            {
                string cause = got.Generator[i].allclose(nets.Generator[i]) ? "G did not move: gOptimizer.zero_grad(), gLoss.backward(), gOptimizer.step()."
                    : got.Generator[i].allclose(withOldD.Generator[i]) ? "the generator's loss used D from before its update: call the discriminator on the fakes again after dOptimizer.step()."
                    : "G moves once, by −lr·∇_G BCE(D(G(z)), 1) with the updated D — and only in the generator step: the discriminator step must not update the generator (no gOptimizer.step() there, and G's gradients zeroed before its own backward).";
                if (TensorDiff.Compare("the generator step", $"G's parameter {i} after the step (SGD lr 0.1 for both, batch {real.shape[0]})", expected.Generator[i], got.Generator[i], cause) is { } failed)
                    return failed;
            }
            for (int i = 0; i < got.Discriminator.Length; i++)
                if (TensorDiff.Compare("the generator step", $"D's parameter {i} after the whole step (batch {real.shape[0]})", expected.Discriminator[i], got.Discriminator[i],
                        "the generator step must not change D: only gOptimizer steps there.") is { } failedD)
                    return failedD;
        }
        return PropertyResult.Pass("the generator step", "G moves by one SGD step on the non-saturating loss through the updated D, and the generator step leaves D alone.");
    }

    static PropertyResult Stable(CheckKit kit, Nets nets, Func<Nets, Tensor, Tensor, double, double, StepResult> learner)
    {
        var (real, noise) = (kit.Randn(ScalarType.Float64, 6, Data) + 1, kit.Randn(ScalarType.Float64, 6, Noise));
        var got = learner(nets, real, noise, 0, 0);
        var expected = Step(Reference, nets, real, noise, 0, 0);
        var cause = "sigmoid followed by log saturates for large logits (log 0 = −∞, or clamped): the guide's discriminator ends in a sigmoid. Keep D's output a logit and use binary_cross_entropy_with_logits, which is exact for any logit.";
        if (!double.IsFinite(got.DLoss) || !double.IsFinite(got.GLoss))
            return PropertyResult.Fail("stability ×1e4", $"with D's logits ×1e4 the losses are {got.DLoss:G4} and {got.GLoss:G4}; expected finite values {expected.DLoss:G6} and {expected.GLoss:G6}.", cause);
        if (Math.Abs(got.DLoss - expected.DLoss) > 1e-6 * Math.Abs(expected.DLoss) + 1e-6 || Math.Abs(got.GLoss - expected.GLoss) > 1e-6 * Math.Abs(expected.GLoss) + 1e-6)
            return PropertyResult.Fail("stability ×1e4", $"with D's logits ×1e4 the losses should be {expected.DLoss:G6} and {expected.GLoss:G6}, got {got.DLoss:G6} and {got.GLoss:G6}.", cause);
        return PropertyResult.Pass("stability ×1e4", "with D's logits ×1e4 both losses stay finite and exact.");
    }

    /// <summary>A tiny GAN on 1-D data N(3, 0.5²): the generator's mean must move from about 0 to near 3.</summary>
    static PropertyResult Moves(CheckKit kit, StepFunction step, Learner learner)
    {
        const int steps = 200;
        const double target = 3, within = 1;
        var generator = nn.Sequential(nn.Linear(1, 1));
        var discriminator = nn.Sequential(nn.Linear(1, 8), nn.LeakyReLU(0.2), nn.Linear(8, 1));
        using (torch.no_grad())
        {
            generator.parameters().First().copy_(torch.ones(1, 1)); generator.parameters().Last().zero_();
            foreach (var p in discriminator.parameters()) p.copy_(kit.Randn(ScalarType.Float32, p.shape) * 0.5);
        }
        var dOptimizer = torch.optim.Adam(discriminator.parameters(), 0.02, beta1: 0.5, beta2: 0.999);
        var gOptimizer = torch.optim.Adam(generator.parameters(), 0.02, beta1: 0.5, beta2: 0.999);
        double Mean() { using var noGrad = torch.no_grad(); return generator.call(kit.Randn(ScalarType.Float32, 512, 1)).mean().item<float>(); }
        var start = Mean();
        for (int i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            var real = kit.Randn(ScalarType.Float32, 64, 1) * 0.5 + target;
            var noise = kit.Randn(ScalarType.Float32, 64, 1);
            learner.Run(0, () => step(real, noise, generator, discriminator, dOptimizer, gOptimizer));
        }
        var end = Mean();
        if (!(Math.Abs(end - target) < within))
            return PropertyResult.Fail("moves towards the data", $"{steps} steps of your GanStep (Adam lr 0.02, betas 0.5/0.999) moved the generator's mean from {start:F2} to {end:F2}; the data's mean is {target}, expected within {within}.",
                "the generator does not learn from D: check the non-saturating loss and that the generator step goes through the updated D.");
        return PropertyResult.Pass("moves towards the data", $"{steps} steps moved the generator's mean from {start:F2} to {end:F2} (data mean {target}).");
    }
}
