using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice.Checks;

/// <summary>
/// Exercise 05: scaled dot-product attention with a boolean mask, and head split/merge, against the reference:
/// shapes (batch sizes, heads, query and key lengths that differ), values (float64 and float32), masks (blocked keys
/// get exactly zero weight), a query with no visible key (no NaN, zero weights), determinism, stability ×1e4, and
/// split/merge (shape, values, merge undoes split).
/// </summary>
public sealed class AttentionCheck : IExerciseCheck
{
    sealed record Case(Tensor Q, Tensor K, Tensor V, Tensor Mask);

    static readonly Delegate[] Reference = References.AttentionReference.Functions();
    static (Tensor Output, Tensor Weights) Expected(Case c) => ((Func<Tensor, Tensor, Tensor, Tensor, (Tensor, Tensor)>)Reference[0])(c.Q, c.K, c.V, c.Mask);

    public IReadOnlyList<PropertyResult> Run(Learner learner, int seed)
    {
        var kit = new CheckKit(seed);
        var attention = learner.Function<Func<Tensor, Tensor, Tensor, Tensor, (Tensor, Tensor)>>(0);
        (Tensor Output, Tensor Weights) Attend(Case c) => learner.Run(0, () => attention(c.Q, c.K, c.V, c.Mask));
        Case Make(ScalarType dtype, int batch, bool padding)
        {
            var (heads, lq, lk, d, dv) = (kit.Int(1, 3), kit.Int(1, 6), kit.Int(2, 7), kit.Int(2, 8), kit.Int(1, 5));
            // A padding mask keeps key 0 visible, so every query sees at least one key here.
            var mask = padding ? (kit.Rand(ScalarType.Float32, batch, 1, 1, lk) < 0.7).logical_or(torch.arange(lk).eq(0)) : torch.ones(batch, 1, lq, lk, ScalarType.Bool);
            return new Case(kit.Randn(dtype, batch, heads, lq, d), kit.Randn(dtype, batch, heads, lk, d), kit.Randn(dtype, batch, heads, lk, dv), mask);
        }
        var plain = kit.Batches().Select(b => Make(ScalarType.Float64, b, false)).ToArray();
        var padded = kit.Batches().Select(b => Make(ScalarType.Float64, b, true)).Concat(kit.Batches().Select(b => Make(ScalarType.Float32, b, true))).ToArray();

        return CheckKit.InOrder(
            ("shapes", [], () => Shapes(plain.Concat(padded).ToArray(), Attend)),
            ("values", ["shapes"], () => Values(plain.Concat(padded).ToArray(), Attend)),
            ("masks", ["shapes"], () => Masks(kit, Attend)),
            ("a query with no visible key", ["shapes"], () => FullyMasked(kit, Attend)),
            ("deterministic", ["shapes"], () => Deterministic(padded[1], Attend)),
            ("stability ×1e4", ["values"], () => Stable(kit, Attend)),
            ("head split/merge", [], () => Heads(kit, learner)));
    }

    static PropertyResult Shapes(Case[] cases, Func<Case, (Tensor Output, Tensor Weights)> attend)
    {
        foreach (var c in cases)
        {
            var (output, weights) = attend(c);
            var (b, h, lq, lk, dv) = (c.Q.shape[0], c.Q.shape[1], c.Q.shape[2], c.K.shape[2], c.V.shape[3]);
            if (output is null || !output.shape.SequenceEqual([b, h, lq, dv]))
                return PropertyResult.Fail("shapes", $"q {TensorDiff.Shape(c.Q)}, k {TensorDiff.Shape(c.K)}, v {TensorDiff.Shape(c.V)}: the output should be [{b}, {h}, {lq}, {dv}], got {(output is null ? "null" : TensorDiff.Shape(output))}.",
                    "output = weights·v: (…, Lq, Lk)·(…, Lk, dv) = (…, Lq, dv); transpose only k's last two axes.");
            if (weights is null || !weights.shape.SequenceEqual([b, h, lq, lk]))
                return PropertyResult.Fail("shapes", $"q {TensorDiff.Shape(c.Q)}, k {TensorDiff.Shape(c.K)}: the weights should be [{b}, {h}, {lq}, {lk}] (one row per query, one column per key), got {(weights is null ? "null" : TensorDiff.Shape(weights))}.",
                    "scores = q·kᵀ with k.transpose(-2, -1), not k.t() or a transpose of the batch axes.");
        }
        return PropertyResult.Pass("shapes", $"output and weights have the right shapes for batch sizes {string.Join(", ", cases.Select(c => c.Q.shape[0]).Distinct())}, 1–3 heads, query and key lengths that differ.");
    }

    static PropertyResult Values(Case[] cases, Func<Case, (Tensor Output, Tensor Weights)> attend)
    {
        foreach (var c in cases)
        {
            var (output, weights) = attend(c);
            var (eo, ew) = Expected(c);
            var what = $"({c.Q.dtype}, q {TensorDiff.Shape(c.Q)}, {(c.Mask.all().item<bool>() ? "no mask" : "padding mask")})";
            var cause = Cause(c, weights);
            if (TensorDiff.Compare("values", $"the weights {what}", ew, weights, cause) is { } failedW) return failedW;
            if (TensorDiff.Compare("values", $"the output {what}", eo, output, "output = weights·v.") is { } failedO) return failedO;
        }
        return PropertyResult.Pass("values", "weights and output match the reference in float64 and float32, with and without a padding mask.");
    }

    static string Cause(Case c, Tensor weights)
    {
        var unscaled = Expected(c with { Q = c.Q * Math.Sqrt(c.Q.shape[^1]) }).Weights;
        var tolerance = Tolerance.For(c.Q.dtype);
        if (weights.shape.SequenceEqual(unscaled.shape) && weights.to(unscaled.dtype).allclose(unscaled, tolerance.Relative, tolerance.Absolute))
            return "the scores are not divided by √d (d = the last axis of q): without it softmax saturates as d grows.";
        return "scores = q·kᵀ / √d, softmax over the keys (the last axis), masked keys filled with −∞ before softmax.";
    }

    static PropertyResult Masks(CheckKit kit, Func<Case, (Tensor Output, Tensor Weights)> attend)
    {
        var l = kit.Int(3, 6);
        var causal = torch.ones(l, l, ScalarType.Bool).tril();
        var padding = (kit.Rand(ScalarType.Float32, 2, 1, 1, l) < 0.6).logical_or(torch.arange(l).eq(0));
        foreach (var (name, mask) in new[] { ("causal", causal), ("padding", padding) })
        {
            var c = new Case(kit.Randn(ScalarType.Float64, 2, 2, l, 4), kit.Randn(ScalarType.Float64, 2, 2, l, 4), kit.Randn(ScalarType.Float64, 2, 2, l, 3), mask);
            var (_, weights) = attend(c);
            var blocked = mask.logical_not().expand_as(weights);
            var leak = weights.detach().abs().masked_fill(blocked.logical_not(), 0);
            var worst = leak.max().item<double>();
            if (!(worst == 0))
            {
                var at = Unravel(leak.flatten().argmax().item<long>(), leak.shape);
                return PropertyResult.Fail("masks", $"with a {name} mask, a blocked key gets weight {worst:G4} at [{string.Join(", ", at)}] (batch, head, query, key); blocked keys must get exactly 0.",
                    "fill blocked scores with −∞ before softmax (masked_fill(mask.logical_not(), −∞)); adding random numbers or a scaled mask to the scores is not masking — the guide's bug.");
            }
        }
        return PropertyResult.Pass("masks", "blocked keys get exactly zero weight with a causal and with a padding mask.");
    }

    static long[] Unravel(long flat, long[] shape)
    {
        var index = new long[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--) { index[d] = flat % shape[d]; flat /= shape[d]; }
        return index;
    }

    static PropertyResult FullyMasked(CheckKit kit, Func<Case, (Tensor Output, Tensor Weights)> attend)
    {
        var mask = torch.ones(1, 1, 3, 4, ScalarType.Bool);
        mask[0, 0, 1].fill_(false);   // query 1 may see no key (e.g. a padding query)
        var c = new Case(kit.Randn(ScalarType.Float64, 1, 1, 3, 4), kit.Randn(ScalarType.Float64, 1, 1, 4, 4), kit.Randn(ScalarType.Float64, 1, 1, 4, 2), mask);
        var (output, weights) = attend(c);
        if (!CheckKit.Finite(output, weights))
            return PropertyResult.Fail("a query with no visible key", "query 1 may see no key, and the output or weights contain NaN.",
                "softmax of a row of only −∞ is 0/0 = NaN, and NaN then spreads through the network: set such a row's weights to 0 (nan_to_num(0), or where the row has no visible key).");
        var row = weights[0, 0, 1].abs().sum().item<double>();
        if (row != 0)
            return PropertyResult.Fail("a query with no visible key", $"query 1 may see no key, yet its weights sum to {row:G4}; they should all be 0 (and its output 0).",
                "with a large negative number instead of −∞ a fully blocked row becomes uniform, so the query attends to keys it must not see.");
        return PropertyResult.Pass("a query with no visible key", "a query that may see no key gets zero weights and no NaN.");
    }

    static PropertyResult Deterministic(Case c, Func<Case, (Tensor Output, Tensor Weights)> attend)
    {
        var (first, _) = attend(c);
        var (second, _) = attend(c);
        if (!first.eq(second).all().item<bool>())
            return PropertyResult.Fail("deterministic", "the same inputs twice gave different outputs.",
                "something random inside attention: a random 'mask' (the guide's bug) or dropout left on.");
        return PropertyResult.Pass("deterministic", "the same inputs give the same output.");
    }

    static PropertyResult Stable(CheckKit kit, Func<Case, (Tensor Output, Tensor Weights)> attend)
    {
        var mask = torch.ones(4, 4, ScalarType.Bool).tril();
        var c = new Case(kit.Randn(ScalarType.Float32, 2, 2, 4, 8) * 1e4, kit.Randn(ScalarType.Float32, 2, 2, 4, 8) * 1e4, kit.Randn(ScalarType.Float32, 2, 2, 4, 3), mask);
        var (output, weights) = attend(c);
        if (!CheckKit.Finite(output, weights))
            return PropertyResult.Fail("stability ×1e4", "with q and k ×1e4 the output or weights contain NaN or Inf.",
                "exp of huge scores overflows: use softmax(-1), which subtracts the row maximum, rather than exp yourself.");
        return PropertyResult.Pass("stability ×1e4", "no NaN or Inf with q and k ×1e4.");
    }

    static PropertyResult Heads(CheckKit kit, Learner learner)
    {
        var split = learner.Function<Func<Tensor, int, Tensor>>(1);
        var merge = learner.Function<Func<Tensor, Tensor>>(2);
        var referenceSplit = (Func<Tensor, int, Tensor>)Reference[1];
        foreach (var batch in kit.Batches())
        {
            var (heads, length, d) = (kit.Int(2, 4), kit.Int(2, 6), kit.Int(1, 4));
            var x = kit.Randn(ScalarType.Float64, batch, length, heads * d);
            var got = learner.Run(1, () => split(x, heads));
            var wrongly = x.reshape(batch, heads, length, d);
            var cause = got is not null && got.shape.SequenceEqual(wrongly.shape) && length > 1 && got.allclose(wrongly)
                ? "reshaping straight to (batch, heads, length, d) mixes time steps into heads: view(batch, length, heads, d), then transpose(1, 2)."
                : "split the last axis into (heads, embed / heads), then move the head axis before time: view(b, l, heads, d).transpose(1, 2).";
            if (got is null) return PropertyResult.Fail("head split/merge", "SplitHeads returned null.");
            if (TensorDiff.Compare("head split/merge", $"SplitHeads of [{batch}, {length}, {heads * d}] into {heads} heads", referenceSplit(x, heads), got, cause) is { } failedSplit)
                return failedSplit;
            var back = learner.Run(2, () => merge(got));
            if (back is null) return PropertyResult.Fail("head split/merge", "MergeHeads returned null.");
            if (TensorDiff.Compare("head split/merge", "MergeHeads(SplitHeads(x)) (it must give x back)", x, back,
                    "merge undoes split: transpose(1, 2) back, then contiguous().view(b, l, heads · d).") is { } failedMerge)
                return failedMerge;
        }
        return PropertyResult.Pass("head split/merge", "SplitHeads matches the reference and MergeHeads(SplitHeads(x)) gives x back for several batch sizes, head counts and lengths.");
    }
}
