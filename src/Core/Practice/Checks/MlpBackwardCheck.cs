using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice.Checks;

/// <summary>
/// Exercise 01: the hand-written backward pass of Linear → ReLU → Linear with mean cross-entropy, against autograd:
/// gradient shapes over several batch sizes, every parameter reached, values (float64 and float32), stability
/// for inputs ×1e4, and a tiny network trained with these gradients overfits one batch.
/// </summary>
public sealed class MlpBackwardCheck : IExerciseCheck
{
    static readonly string[] Names = ["dW1", "db1", "dW2", "db2"];

    sealed record Case(Tensor X, Tensor Labels, Tensor[] Parameters);

    public IReadOnlyList<PropertyResult> Run(Learner learner, int seed)
    {
        var kit = new CheckKit(seed);
        var f = learner.Function<Func<Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, (Tensor, Tensor, Tensor, Tensor)>>(0);
        Tensor[] Learner(Case c) => learner.Run(0, () =>
        {
            var (a, b, d, e) = f(c.X, c.Labels, c.Parameters[0], c.Parameters[1], c.Parameters[2], c.Parameters[3]);
            return new[] { a, b, d, e };
        });
        Case Make(ScalarType dtype, int batch)
        {
            var (inputs, classes) = (kit.Int(2, 6), kit.Int(2, 5));
            return new Case(kit.Randn(dtype, batch, inputs), kit.RandInt(classes, batch), Parameters(kit, dtype, inputs, kit.Int(3, 8), classes));
        }
        var cases = kit.Batches().Select(b => Make(ScalarType.Float64, b)).Concat(kit.Batches().Select(b => Make(ScalarType.Float32, b))).ToArray();

        return CheckKit.InOrder(
            ("shapes", [], () => Shapes(cases, Learner)),
            ("gradients reach every parameter", ["shapes"], () => Reach(cases[^1], Learner)),
            ("values", ["shapes"], () => Values(cases, Learner)),
            ("stability ×1e4", ["values"], () => Stable(kit, Learner)),
            ("overfits one batch", ["values"], () => Overfit(kit, Learner)));
    }

    static Tensor[] Parameters(CheckKit kit, ScalarType dtype, long inputs, long hidden, long classes) =>
        [kit.Randn(dtype, hidden, inputs) * 0.7, kit.Randn(dtype, hidden) * 0.3, kit.Randn(dtype, classes, hidden) * 0.7, kit.Randn(dtype, classes) * 0.3];

    /// <summary>What autograd says, the oracle.</summary>
    static Tensor[] Autograd(Tensor x, Tensor labels, Tensor[] parameters)
    {
        var leaves = parameters.Select(p => p.detach().clone().requires_grad_(true)).ToArray();
        var logits = x.matmul(leaves[0].t()).add(leaves[1]).relu().matmul(leaves[2].t()).add(leaves[3]);
        torch.nn.functional.cross_entropy(logits, labels).backward();
        return leaves.Select(l => l.grad!.detach()).ToArray();
    }

    static PropertyResult Shapes(Case[] cases, Func<Case, Tensor[]> learner)
    {
        foreach (var c in cases)
        {
            var got = learner(c);
            for (int i = 0; i < 4; i++)
                if (got[i] is null || !got[i].shape.SequenceEqual(c.Parameters[i].shape))
                    return PropertyResult.Fail("shapes", $"batch {c.X.shape[0]}: {Names[i]} should have the shape of its parameter {TensorDiff.Shape(c.Parameters[i])}, got {(got[i] is null ? "null" : TensorDiff.Shape(got[i]))}.",
                        i % 2 == 0 ? "a weight's gradient is dYᵀ·X (out, in), not Xᵀ·dY." : "a bias's gradient sums dY over the batch axis: sum(dim: 0) — in TorchSharp sum(0) reads the 0 as a ScalarType and sums everything to a scalar.");
        }
        return PropertyResult.Pass("shapes", $"all four gradients have their parameter's shape for batch sizes {string.Join(", ", cases.Select(c => c.X.shape[0]).Distinct())}.");
    }

    static PropertyResult Reach(Case c, Func<Case, Tensor[]> learner)
    {
        var got = learner(c);
        var expected = Autograd(c.X, c.Labels, c.Parameters);
        for (int i = 0; i < 4; i++)
            if (got[i].abs().max().item<float>() == 0 && expected[i].abs().max().item<float>() > 0)
                return PropertyResult.Fail("gradients reach every parameter", $"{Names[i]} is all zero, but autograd's is not: the gradient does not reach that parameter.",
                    i < 2 ? "the backward pass stops at the second layer: dH = dLogits·W2, then the ReLU mask, then dW1 and db1." : "dLogits = (softmax − one-hot) / N feeds dW2 = dLogitsᵀ·h and db2 = Σ dLogits.");
        return PropertyResult.Pass("gradients reach every parameter", "every gradient is non-zero where autograd's is.");
    }

    static PropertyResult Values(Case[] cases, Func<Case, Tensor[]> learner)
    {
        foreach (var c in cases)
        {
            var got = learner(c);
            var expected = Autograd(c.X, c.Labels, c.Parameters);
            for (int i = 0; i < 4; i++)
                if (TensorDiff.Compare("values", $"{Names[i]} ({c.X.dtype}, batch {c.X.shape[0]})", expected[i], got[i], Cause(expected[i], got[i], c.X.shape[0], i)) is { } failed)
                    return failed;
        }
        return PropertyResult.Pass("values", "all four gradients match autograd in float64 and float32 within tolerance.");
    }

    static string Cause(Tensor expected, Tensor got, long batch, int which)
    {
        var tolerance = Tolerance.For(expected.dtype);
        var g = got.to(expected.dtype);
        if (g.allclose(-expected, tolerance.Relative, tolerance.Absolute))
            return "the gradient has the wrong sign: (y − p) instead of (p − y)? Gradient descent would then climb the loss — the guide's own bug.";
        if (batch > 1 && g.allclose(expected * batch, tolerance.Relative, tolerance.Absolute))
            return "not divided by the batch size: the loss is the mean over the batch, so dL/dlogits = (softmax − one-hot) / N.";
        return which < 2
            ? "the first layer is off: dZ1 = (dLogits·W2) * (z1 > 0) — the ReLU mask uses the pre-activation z1."
            : "dLogits = (softmax(logits) − one_hot(labels)) / N; dW2 = dLogitsᵀ·h with h after ReLU; db2 = dLogits summed over the batch.";
    }

    static PropertyResult Stable(CheckKit kit, Func<Case, Tensor[]> learner)
    {
        var x = kit.Randn(ScalarType.Float32, 4, 3) * 1e4;
        var c = new Case(x, torch.tensor(new long[] { 0, 1, 2, 1 }), Parameters(kit, ScalarType.Float32, 3, 5, 3));
        var got = learner(c);
        if (!CheckKit.Finite(got))
            return PropertyResult.Fail("stability ×1e4", "with inputs ×1e4 (logits in the thousands) a gradient contains NaN or Inf.",
                "exp of large logits overflows to Inf and Inf/Inf is NaN: use logits.softmax(1) (it subtracts the row maximum) rather than exp yourself.");
        return PropertyResult.Pass("stability ×1e4", "no NaN or Inf with inputs ×1e4.");
    }

    static PropertyResult Overfit(CheckKit kit, Func<Case, Tensor[]> learner)
    {
        const int steps = 300;
        const double lr = 0.5, goal = 0.05;
        var x = kit.Randn(ScalarType.Float32, 8, 4);
        var labels = kit.RandInt(3, 8);
        var p = Parameters(kit, ScalarType.Float32, 4, 16, 3);
        double Loss() => torch.nn.functional.cross_entropy(x.matmul(p[0].t()).add(p[1]).relu().matmul(p[2].t()).add(p[3]), labels).item<float>();
        var start = Loss();
        using (torch.no_grad())
            for (int step = 0; step < steps; step++)
            {
                var grads = learner(new Case(x, labels, p));
                for (int i = 0; i < 4; i++) p[i] = p[i] - lr * grads[i];
            }
        var end = Loss();
        if (!(end < goal))
            return PropertyResult.Fail("overfits one batch", $"{steps} steps of gradient descent (lr {lr}) with your gradients took the loss of one batch of 8 from {start:F3} to {end:F3}; expected below {goal}.",
                end > start ? "the loss went up: the gradients point uphill (wrong sign?)." : "the gradients are too small or partly wrong.");
        return PropertyResult.Pass("overfits one batch", $"{steps} steps with your gradients took the loss from {start:F3} to {end:F4}.");
    }
}
