using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice.Checks;

/// <summary>
/// Exercise 06: masked mean pooling of an encoder's output, (B, T, D) with a padding mask (B, T) → (B, D). Checks
/// shapes (batch sizes, lengths), values against the reference (float64, float32, padding at the end and scattered),
/// padding invariance (padded values changed, more padding appended), a sequence of only padding (zeros, no NaN),
/// gradients (exactly zero at padded positions, 1/length at real ones) and stability ×1e4.
/// </summary>
public sealed class MaskedMeanPoolCheck : IExerciseCheck
{
    sealed record Case(Tensor Hidden, Tensor Mask);

    static readonly Func<Tensor, Tensor, Tensor> Reference = (Func<Tensor, Tensor, Tensor>)References.MaskedMeanPoolReference.Functions()[0];

    const string GuideBug = "a plain mean over all T positions averages the padding in (the guide's encoder has no mask at all), so a sentence's class depends on how much padding its batch has";

    public IReadOnlyList<PropertyResult> Run(Learner learner, int seed)
    {
        var kit = new CheckKit(seed);
        var pool = learner.Function<Func<Tensor, Tensor, Tensor>>(0);
        Tensor Pool(Case c) => learner.Run(0, () => pool(c.Hidden, c.Mask));

        var cases = kit.Batches().Select(b => Make(kit, ScalarType.Float64, b, scattered: false))
            .Concat(kit.Batches().Select(b => Make(kit, ScalarType.Float32, b, scattered: false)))
            .Append(Make(kit, ScalarType.Float64, 4, scattered: true)).ToArray();

        return CheckKit.InOrder(
            ("shapes", [], () => Shapes(cases, Pool)),
            ("values", ["shapes"], () => Values(cases, Pool)),
            ("padding invariance", ["shapes"], () => PaddingInvariance(kit, Pool)),
            ("a sequence of only padding", ["shapes"], () => OnlyPadding(kit, Pool)),
            ("gradients reach only real positions", ["shapes"], () => Gradients(kit, Pool)),
            ("stability ×1e4", ["values"], () => Stable(kit, Pool)));
    }

    /// <summary>Random lengths 1..T (padding at the end, as the course pads), or a scattered mask with one real token per row at least.</summary>
    static Case Make(CheckKit kit, ScalarType dtype, int batch, bool scattered)
    {
        var (t, d) = (kit.Int(2, 7), kit.Int(1, 6));
        Tensor mask;
        if (scattered)
            mask = (kit.Rand(ScalarType.Float32, batch, t) < 0.5).logical_or(torch.arange(t).eq(kit.Int(0, t - 1)));
        else
        {
            var lengths = kit.RandInt(t, batch) + 1;                                   // 1..T
            mask = torch.arange(t).unsqueeze(0) < lengths.unsqueeze(1);
        }
        return new Case(kit.Randn(dtype, batch, t, d), mask);
    }

    static string Describe(Case c) => $"({c.Hidden.dtype}, hidden {TensorDiff.Shape(c.Hidden)}, real lengths [{string.Join(", ", c.Mask.sum(dim: 1).data<long>().ToArray())}])";

    static PropertyResult Shapes(Case[] cases, Func<Case, Tensor> pool)
    {
        foreach (var c in cases)
        {
            var got = pool(c);
            var (b, d) = (c.Hidden.shape[0], c.Hidden.shape[2]);
            if (got is null || !got.shape.SequenceEqual([b, d]))
                return PropertyResult.Fail("shapes", $"hidden {TensorDiff.Shape(c.Hidden)}, mask {TensorDiff.Shape(c.Mask)}: the pooled output should be [{b}, {d}], got {(got is null ? "null" : TensorDiff.Shape(got))}.",
                    "pool over the time axis (dim 1) and keep batch and features; the mask (B, T) needs unsqueeze(-1) to broadcast over D, and keepdim stays false.");
        }
        return PropertyResult.Pass("shapes", $"the output is (B, D) for batch sizes {string.Join(", ", cases.Select(c => c.Hidden.shape[0]).Distinct())} and lengths {string.Join(", ", cases.Select(c => c.Hidden.shape[1]).Distinct())}.");
    }

    static PropertyResult Values(Case[] cases, Func<Case, Tensor> pool)
    {
        foreach (var c in cases)
        {
            var got = pool(c);
            if (TensorDiff.Compare("values", $"the pooled output {Describe(c)}", Reference(c.Hidden, c.Mask), got, Cause(c, got)) is { } failed) return failed;
        }
        return PropertyResult.Pass("values", "matches the mean over real tokens in float64 and float32, with padding at the end and scattered.");
    }

    /// <summary>Names the usual mistake when the learner's output is exactly it.</summary>
    static string Cause(Case c, Tensor got)
    {
        var tolerance = Tolerance.For(c.Hidden.dtype);
        bool Is(Tensor wrong) => got.shape.SequenceEqual(wrong.shape) && got.detach().to(wrong.dtype).allclose(wrong, tolerance.Relative, tolerance.Absolute);
        var real = c.Mask.unsqueeze(-1).to(c.Hidden.dtype);
        if (Is(c.Hidden.mean([1L]))) return GuideBug + ": average only where the mask is true.";
        if (Is((c.Hidden * real).sum(1) / c.Hidden.shape[1]))
            return "the sum over real tokens is divided by T, so short sentences shrink toward zero: divide by each sequence's real length (mask summed over T).";
        return "sum hidden over the real tokens (where the mask is true) and divide by each sequence's number of real tokens.";
    }

    static PropertyResult PaddingInvariance(CheckKit kit, Func<Case, Tensor> pool)
    {
        var (b, t, d, extra) = (3, kit.Int(3, 6), kit.Int(2, 5), kit.Int(1, 4));
        var lengths = torch.tensor(new long[] { t, 1, kit.Int(2, t - 1) });
        var mask = torch.arange(t).unsqueeze(0) < lengths.unsqueeze(1);
        var hidden = kit.Randn(ScalarType.Float64, b, t, d);
        var before = pool(new Case(hidden, mask));

        // The same real tokens, other values where there is padding, and more padding at the end.
        var noise = kit.Randn(ScalarType.Float64, b, t, d) * 100;
        var changed = torch.where(mask.unsqueeze(-1), hidden, noise);
        var longer = torch.cat([changed, kit.Randn(ScalarType.Float64, b, extra, d) * 100], 1);
        var longerMask = torch.cat([mask, torch.zeros(b, extra, ScalarType.Bool)], 1);
        foreach (var (what, c) in new[] { ("padded values changed", new Case(changed, mask)), ($"{extra} more padded positions", new Case(longer, longerMask)) })
        {
            var after = pool(c);
            if (TensorDiff.Compare("padding invariance", $"with {what} (real lengths {t}, 1, {lengths[2].item<long>()}), the output compared with before", before, after,
                    GuideBug + ": only the real tokens may count, in the sum and in the divisor.") is { } failed)
                return failed;
        }
        return PropertyResult.Pass("padding invariance", "changing what the padded positions hold, or adding more padding, changes nothing.");
    }

    static PropertyResult OnlyPadding(CheckKit kit, Func<Case, Tensor> pool)
    {
        var (t, d) = (kit.Int(2, 5), kit.Int(2, 4));
        var mask = torch.ones(3, t, ScalarType.Bool);
        mask[1].fill_(false);   // sequence 1 is only padding (an empty sentence)
        var c = new Case(kit.Randn(ScalarType.Float64, 3, t, d), mask);
        var got = pool(c);
        if (!CheckKit.Finite(got))
            return PropertyResult.Fail("a sequence of only padding", "sequence 1 has no real token and its pooled output contains NaN or Inf.",
                "0 real tokens gives 0 / 0 = NaN, and NaN then spreads through the classifier and the loss: clamp the count to at least 1 (clamp_min(1)), so such a sequence pools to zeros.");
        var row = got[1].abs().max().item<double>();
        if (row != 0)
            return PropertyResult.Fail("a sequence of only padding", $"sequence 1 has no real token, yet its pooled output is not zeros (largest |value| {row:G4}); the spec says zeros.",
                "with no real token nothing may be averaged: mask the padding out before summing, and divide by the count clamped to 1.");
        if (TensorDiff.Compare("a sequence of only padding", "the other sequences of that batch", Reference(c.Hidden, c.Mask), got) is { } failed) return failed;
        return PropertyResult.Pass("a sequence of only padding", "a sequence with no real token pools to zeros, with no NaN, and the others are unaffected.");
    }

    static PropertyResult Gradients(CheckKit kit, Func<Case, Tensor> pool)
    {
        var c = Make(kit, ScalarType.Float64, 4, scattered: false);
        var hidden = c.Hidden.detach().requires_grad_();
        var got = pool(new Case(hidden, c.Mask));
        if (!got.requires_grad)
            return PropertyResult.Fail("gradients reach only real positions", "the output does not depend on hidden through autograd (no gradient reaches the encoder).",
                "build the result from hidden with tensor operations; no detach(), .data or copies through arrays.");
        var upstream = kit.Randn(ScalarType.Float64, got.shape);
        (got * upstream).sum().backward();
        var grad = hidden.grad;
        if (grad is null)
            return PropertyResult.Fail("gradients reach only real positions", "no gradient reached hidden.", "build the result from hidden with tensor operations; no detach().");
        var padded = c.Mask.logical_not().unsqueeze(-1).expand_as(grad);
        var leak = grad.abs().masked_fill(padded.logical_not(), 0);
        var worst = leak.max().item<double>();
        if (worst != 0)
        {
            var flat = leak.flatten().argmax().item<long>();
            var (row, step) = (flat / (grad.shape[1] * grad.shape[2]), flat / grad.shape[2] % grad.shape[1]);
            return PropertyResult.Fail("gradients reach only real positions", $"the padded position [{row}, {step}] gets gradient {worst:G4}; padded positions must get exactly 0.",
                GuideBug + ": padding then learns from the loss.");
        }
        var lengths = c.Mask.sum(dim: 1).to(ScalarType.Float64);
        var expected = c.Mask.unsqueeze(-1).to(ScalarType.Float64) * (upstream / lengths.unsqueeze(-1)).unsqueeze(1);
        if (TensorDiff.Compare("gradients reach only real positions", $"the gradient of hidden {Describe(c)}", expected, grad,
                "each real token's gradient is the upstream gradient divided by its sequence's real length.") is { } failed)
            return failed;
        return PropertyResult.Pass("gradients reach only real positions", "padded positions get exactly zero gradient, real ones the upstream gradient / real length (vs autograd).");
    }

    static PropertyResult Stable(CheckKit kit, Func<Case, Tensor> pool)
    {
        var c = Make(kit, ScalarType.Float32, 4, scattered: false);
        var big = new Case(c.Hidden * 1e4, c.Mask);
        var got = pool(big);
        if (!CheckKit.Finite(got))
            return PropertyResult.Fail("stability ×1e4", "with hidden ×1e4 the output contains NaN or Inf.", "a mean needs no exp or square: sum, then divide by the real length.");
        if (TensorDiff.Compare("stability ×1e4", $"the pooled output with hidden ×1e4 {Describe(big)}", Reference(big.Hidden, big.Mask) / 1e4, got / 1e4) is { } failed) return failed;
        return PropertyResult.Pass("stability ×1e4", "no NaN or Inf and the same means with hidden ×1e4.");
    }
}
