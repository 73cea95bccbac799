using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice.Checks;

/// <summary>
/// Exercise 03: one LSTM step against TorchSharp's LSTMCell with the same weights: shapes over several batch and
/// layer sizes, values (float64 and float32), the step really depends on the previous h and c (recurrence),
/// gradients reach every weight, stability for inputs ×1e4, and a tiny recurrent classifier overfits one batch.
/// </summary>
public sealed class LstmCellCheck : IExerciseCheck
{
    sealed record Case(Tensor X, Tensor H, Tensor C, Tensor[] Weights);

    public IReadOnlyList<PropertyResult> Run(Learner learner, int seed)
    {
        var kit = new CheckKit(seed);
        var f = learner.Function<Func<Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, (Tensor, Tensor)>>(0);
        (Tensor H, Tensor C) Step(Case c) => learner.Run(0, () => f(c.X, c.H, c.C, c.Weights[0], c.Weights[1], c.Weights[2], c.Weights[3]));
        Case Make(ScalarType dtype, int batch)
        {
            var (inputs, hidden) = (kit.Int(1, 5), kit.Int(2, 6));
            return new Case(kit.Randn(dtype, batch, inputs), kit.Randn(dtype, batch, hidden), kit.Randn(dtype, batch, hidden), Weights(kit, dtype, inputs, hidden));
        }
        var cases = kit.Batches().Select(b => Make(ScalarType.Float64, b)).Concat(kit.Batches().Select(b => Make(ScalarType.Float32, b))).ToArray();

        return CheckKit.InOrder(
            ("shapes", [], () => Shapes(cases, Step)),
            ("recurrence", ["shapes"], () => Recurrence(cases[1], Step)),
            ("values", ["shapes"], () => Values(cases, Step)),
            ("gradients reach every parameter", ["shapes"], () => Gradients(cases[1], Step)),
            ("stability ×1e4", ["values"], () => Stable(kit, Step)),
            ("overfits one batch", ["values"], () => Overfit(kit, Step)));
    }

    static Tensor[] Weights(CheckKit kit, ScalarType dtype, long inputs, long hidden) =>
        [kit.Randn(dtype, 4 * hidden, inputs) * 0.5, kit.Randn(dtype, 4 * hidden, hidden) * 0.5, kit.Randn(dtype, 4 * hidden) * 0.3, kit.Randn(dtype, 4 * hidden) * 0.3];

    /// <summary>TorchSharp's LSTMCell with the same weights: the oracle.</summary>
    static (Tensor H, Tensor C) Oracle(Case c)
    {
        var hidden = c.H.shape[1];
        using var cell = torch.nn.LSTMCell(c.X.shape[1], hidden, dtype: c.X.dtype);
        using (torch.no_grad())
        {
            cell.weight_ih!.copy_(c.Weights[0]); cell.weight_hh!.copy_(c.Weights[1]);
            cell.bias_ih!.copy_(c.Weights[2]); cell.bias_hh!.copy_(c.Weights[3]);
            var (h, cNext) = cell.call(c.X, (c.H, c.C));
            return (h.detach(), cNext.detach());
        }
    }

    static PropertyResult Shapes(Case[] cases, Func<Case, (Tensor H, Tensor C)> step)
    {
        foreach (var c in cases)
        {
            var (h, cNext) = step(c);
            foreach (var (name, t) in new[] { ("h", h), ("c", cNext) })
                if (t is null || !t.shape.SequenceEqual(c.H.shape))
                    return PropertyResult.Fail("shapes", $"batch {c.X.shape[0]}, input {c.X.shape[1]}, hidden {c.H.shape[1]}: the new {name} should be {TensorDiff.Shape(c.H)}, got {(t is null ? "null" : TensorDiff.Shape(t))}.",
                        "the gates are (batch, 4·hidden) split in four chunks of hidden along axis 1; W_ih is (4·hidden, input), W_hh is (4·hidden, hidden).");
        }
        return PropertyResult.Pass("shapes", $"h and c are (batch, hidden) for batch sizes {string.Join(", ", cases.Select(c => c.X.shape[0]).Distinct())} and several layer sizes.");
    }

    static PropertyResult Recurrence(Case c, Func<Case, (Tensor H, Tensor C)> step)
    {
        var (h, cNext) = step(c);
        var (h2, c2) = step(c with { H = c.H + 1.0 });
        if (h.allclose(h2) && cNext.allclose(c2))
            return PropertyResult.Fail("recurrence", "changing the previous hidden state h leaves the new h and c unchanged.",
                "output does not depend on the previous hidden state: recurrent weights missing? Every gate adds h·W_hhᵀ — the guide multiplied h by the biases instead.");
        var (h3, c3) = step(c with { C = c.C + 1.0 });
        if (h.allclose(h3) && cNext.allclose(c3))
            return PropertyResult.Fail("recurrence", "changing the previous cell state c leaves the new h and c unchanged.",
                "the memory is not carried: c' = f·c + i·g uses the previous c.");
        return PropertyResult.Pass("recurrence", "the step depends on both the previous h and the previous c.");
    }

    static PropertyResult Values(Case[] cases, Func<Case, (Tensor H, Tensor C)> step)
    {
        foreach (var c in cases)
        {
            var (h, cNext) = step(c);
            var (eh, ec) = Oracle(c);
            var what = $"({c.X.dtype}, batch {c.X.shape[0]}, hidden {c.H.shape[1]})";
            if (TensorDiff.Compare("values", $"the new c {what}", ec, cNext,
                    "c' = f·c + i·g with i, f = sigmoid and the candidate g = tanh (not sigmoid), gates in PyTorch's order i, f, g, o; never squash c itself.") is { } failedC)
                return failedC;
            if (TensorDiff.Compare("values", $"the new h {what}", eh, h, "h' = o·tanh(c') with o = sigmoid of the fourth chunk.") is { } failedH)
                return failedH;
        }
        return PropertyResult.Pass("values", "h and c match TorchSharp's LSTMCell with the same weights in float64 and float32.");
    }

    static PropertyResult Gradients(Case c, Func<Case, (Tensor H, Tensor C)> step)
    {
        string[] names = ["wIh", "wHh", "bIh", "bHh"];
        var leaves = c.Weights.Select(w => w.detach().clone().requires_grad_(true)).ToArray();
        var (h, cNext) = step(c with { Weights = leaves });
        if (!h.requires_grad && !cNext.requires_grad)
            return PropertyResult.Fail("gradients reach every parameter", "the outputs do not depend on the weights through autograd (detached, or computed outside torch?).", "compute with tensor operations on the given weights; no .detach() or .data.");
        (h.sum() + cNext.sum()).backward();
        for (int i = 0; i < 4; i++)
            if (leaves[i].grad is null || leaves[i].grad!.abs().max().item<double>() == 0)
                return PropertyResult.Fail("gradients reach every parameter", $"{names[i]} gets no gradient.",
                    i is 1 or 3 ? "output does not depend on the previous hidden state through W_hh: recurrent weights missing?" : "every gate uses x·W_ihᵀ + b_ih.");
        return PropertyResult.Pass("gradients reach every parameter", "wIh, wHh, bIh and bHh all get a gradient.");
    }

    static PropertyResult Stable(CheckKit kit, Func<Case, (Tensor H, Tensor C)> step)
    {
        var c = new Case(kit.Randn(ScalarType.Float32, 3, 4) * 1e4, kit.Randn(ScalarType.Float32, 3, 5), kit.Randn(ScalarType.Float32, 3, 5), Weights(kit, ScalarType.Float32, 4, 5));
        var (h, cNext) = step(c);
        if (!CheckKit.Finite(h, cNext))
            return PropertyResult.Fail("stability ×1e4", "with inputs ×1e4 the new h or c contains NaN or Inf.",
                "a hand-written sigmoid like exp(x) / (1 + exp(x)) gives Inf/Inf = NaN for large x: use sigmoid() and tanh().");
        return PropertyResult.Pass("stability ×1e4", "no NaN or Inf with inputs ×1e4.");
    }

    static PropertyResult Overfit(CheckKit kit, Func<Case, (Tensor H, Tensor C)> step)
    {
        const int steps = 25, length = 4, hidden = 8;
        const double goal = 0.05;
        var x = kit.Randn(ScalarType.Float32, length, 6, 3);
        var labels = kit.RandInt(2, 6);
        var weights = Weights(kit, ScalarType.Float32, 3, hidden).Select(w => (Tensor)new TorchSharp.Modules.Parameter(w)).ToArray();
        var head = new TorchSharp.Modules.Parameter(kit.Randn(ScalarType.Float32, 2, hidden).mul(0.3));
        var optimizer = torch.optim.Adam([.. weights.Cast<TorchSharp.Modules.Parameter>(), head], lr: 0.15);
        double Loss()
        {
            var (h, c) = (torch.zeros(6, hidden), torch.zeros(6, hidden));
            for (int t = 0; t < length; t++) (h, c) = step(new Case(x[t], h, c, weights));
            var loss = torch.nn.functional.cross_entropy(h.matmul(head.t()), labels);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            return loss.item<float>();
        }
        var start = Loss();
        var end = start;
        for (int i = 1; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            end = Loss();
        }
        if (!(end < goal))
            return PropertyResult.Fail("overfits one batch", $"a one-layer classifier over 4 steps built on your cell, trained {steps} Adam steps on one batch of 6, took the loss from {start:F3} to {end:F3}; expected below {goal}.",
                "the cell trains poorly: check the forget path c' = f·c + i·g and that gradients reach every weight.");
        return PropertyResult.Pass("overfits one batch", $"a classifier built on your cell took the loss of one batch from {start:F3} to {end:F4} in {steps} Adam steps.");
    }
}
