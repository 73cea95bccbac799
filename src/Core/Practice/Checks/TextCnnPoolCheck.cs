using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using FeaturesFunction = System.Func<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, TorchSharp.Modules.Conv1d[], TorchSharp.torch.Tensor>;

namespace NeuralNotebooks.Practice.Checks;

/// <summary>
/// Exercise 11: the TextCNN head — 1-D convolutions of several widths over the embedded sequence, max over time that
/// ignores padding, concatenated → (B, F · widths). Checks shapes (batch 1 and others), values against the reference
/// (float64, float32), padding invariance (padded values changed, more padding appended), texts shorter than the widest
/// filter, and gradients (every convolution's weight and bias; no gradient at padded positions).
/// </summary>
public sealed class TextCnnPoolCheck : IExerciseCheck
{
    sealed record Case(Tensor Embedded, Tensor Lengths, Conv1d[] Convs);

    static readonly FeaturesFunction Reference = (FeaturesFunction)References.TextCnnPoolReference.Functions()[0];

    const string PaddingBug = "the max runs over padded positions too (the guide has no padding or lengths at all): set the responses of windows that start at t ≥ length to −∞ before the max, and zero the padded embeddings";

    public IReadOnlyList<PropertyResult> Run(Learner learner, int seed)
    {
        var kit = new CheckKit(seed);
        torch.manual_seed(seed);    // the convolutions' initial weights (Practice.Check restores the learner's random state)
        var features = learner.Function<FeaturesFunction>(0);
        Tensor Features(Case c) => learner.Run(0, () => features(c.Embedded, c.Lengths, c.Convs));

        var (e, f) = (kit.Int(3, 6), kit.Int(2, 5));
        int[] widths = kit.Int(0, 1) == 0 ? [2, 3, 4] : [1, 3, 5];
        Conv1d[] Convs(ScalarType dtype) => widths.Select(w => nn.Conv1d(e, f, w).to(dtype)).ToArray();
        var (c64, c32) = (Convs(ScalarType.Float64), Convs(ScalarType.Float32));
        Case Make(ScalarType dtype, int batch)
        {
            var t = kit.Int(6, 9);
            var lengths = torch.cat([torch.tensor(new long[] { t }), kit.RandInt(t, batch - 1) + 1]);   // one full text, the others 1..T
            return new Case(kit.Randn(dtype, batch, t, e), lengths, dtype == ScalarType.Float64 ? c64 : c32);
        }
        var cases = kit.Batches().Select(b => Make(ScalarType.Float64, b)).Concat(kit.Batches().Select(b => Make(ScalarType.Float32, b))).ToArray();

        return CheckKit.InOrder(
            ("shapes", [], () => Shapes(cases, Features, widths.Length * f)),
            ("values", ["shapes"], () => Values(cases, Features)),
            ("padding invariance", ["shapes"], () => PaddingInvariance(kit, c64, e, Features)),
            ("texts shorter than the widest filter", ["shapes"], () => Short(kit, c64, e, widths.Max(), Features)),
            ("gradients reach every parameter", ["values"], () => Gradients(cases[1], Features)));
    }

    static string Describe(Case c) => $"({c.Embedded.dtype}, embedded {TensorDiff.Shape(c.Embedded)}, lengths [{string.Join(", ", c.Lengths.data<long>().ToArray())}], widths {string.Join("/", c.Convs.Select(k => k.weight.shape[2]))})";

    static PropertyResult Shapes(Case[] cases, Func<Case, Tensor> features, long columns)
    {
        foreach (var c in cases)
        {
            var got = features(c);
            var b = c.Embedded.shape[0];
            if (got is null || !got.shape.SequenceEqual([b, columns]))
                return PropertyResult.Fail("shapes", $"{Describe(c)}: the features should be [{b}, {columns}] (filters × widths), got {(got is null ? "null" : TensorDiff.Shape(got))}.",
                    got is not null && got.dim() == 2 && got.shape[0] == b
                        ? "the max runs over the wrong axis: the convolution's output is (B, F, T) — pool over time (dim 2, amax([2])), keep the F filters, then cat the widths on dim 1."
                        : "transpose the embedded sequence to (B, E, T) (embedding = channels) before Conv1d, take the max over time (dim 2) of each width's (B, F, T), and cat on dim 1.");
        }
        return PropertyResult.Pass("shapes", $"(B, filters × widths) for batch sizes {string.Join(", ", cases.Select(c => c.Embedded.shape[0]).Distinct())}.");
    }

    /// <summary>Names the usual mistake when the learner's output is exactly it.</summary>
    static string Cause(Case c, Tensor got)
    {
        var tolerance = Tolerance.For(c.Embedded.dtype);
        bool Is(Tensor wrong) => got.shape.SequenceEqual(wrong.shape) && got.detach().to(wrong.dtype).allclose(wrong, tolerance.Relative, tolerance.Absolute);
        var full = torch.full_like(c.Lengths, c.Embedded.shape[1]);
        if (Is(Reference(c.Embedded, full, c.Convs))) return PaddingBug + ".";
        return "per width: pad the (B, E, T) input on the right with width − 1 zeros, conv, ReLU, −∞ where the window starts in padding, max over time; then cat the widths in order.";
    }

    static PropertyResult Values(Case[] cases, Func<Case, Tensor> features)
    {
        foreach (var c in cases)
        {
            var got = features(c);
            if (TensorDiff.Compare("values", $"the features {Describe(c)}", Reference(c.Embedded, c.Lengths, c.Convs), got, Cause(c, got)) is { } failed) return failed;
        }
        return PropertyResult.Pass("values", "matches the reference in float64 and float32, with texts of several lengths.");
    }

    static PropertyResult PaddingInvariance(CheckKit kit, Conv1d[] convs, int e, Func<Case, Tensor> features)
    {
        var t = kit.Int(6, 8);
        var lengths = torch.tensor(new long[] { t, 1, kit.Int(2, t - 1) });
        var valid = torch.arange(t).unsqueeze(0) < lengths.unsqueeze(1);
        var embedded = kit.Randn(ScalarType.Float64, 3, t, e);
        var before = features(new Case(embedded, lengths, convs));
        var changed = torch.where(valid.unsqueeze(-1), embedded, kit.Randn(ScalarType.Float64, 3, t, e) * 100);
        var longer = torch.cat([changed, kit.Randn(ScalarType.Float64, 3, 3, e) * 100], 1);
        foreach (var (what, c) in new[] { ("padded embeddings changed", new Case(changed, lengths, convs)), ("3 more padded positions", new Case(longer, lengths, convs)) })
            if (TensorDiff.Compare("padding invariance", $"with {what} (lengths {t}, 1, {lengths[2].item<long>()}), the features compared with before", before, features(c), PaddingBug + ".") is { } failed)
                return failed;
        return PropertyResult.Pass("padding invariance", "changing what the padded positions hold, or adding more padding, changes nothing.");
    }

    static PropertyResult Short(CheckKit kit, Conv1d[] convs, int e, int widest, Func<Case, Tensor> features)
    {
        // Whole batch shorter than the widest filter (T < w), and a text of one token in a longer batch.
        foreach (var (t, lengths) in new[] { (widest - 1, new long[] { widest - 1, 1 }), (widest + 2, new long[] { 1, widest + 2 }) })
        {
            var c = new Case(kit.Randn(ScalarType.Float64, 2, Math.Max(t, 1), e), torch.tensor(lengths).clamp_min(1), convs);
            var got = features(c);
            if (!CheckKit.Finite(got))
                return PropertyResult.Fail("texts shorter than the widest filter", $"{Describe(c)}: the features contain NaN or ±Inf.",
                    "a text shorter than a filter still needs a window: pad the input on the right with width − 1 zeros (the course's choice), so every start position 0..length − 1 has one, and only those are kept.");
            if (TensorDiff.Compare("texts shorter than the widest filter", $"the features {Describe(c)}", Reference(c.Embedded, c.Lengths, c.Convs), got,
                    "the course pads each width's input on the right with width − 1 zeros: one window per start position 0..length − 1, the part past the text reading zeros.") is { } failed)
                return failed;
        }
        return PropertyResult.Pass("texts shorter than the widest filter", "a batch shorter than the widest filter and a one-token text give the course's features (right-padded windows), finite.");
    }

    static PropertyResult Gradients(Case c, Func<Case, Tensor> features)
    {
        var embedded = c.Embedded.detach().requires_grad_();
        foreach (var conv in c.Convs) conv.zero_grad();
        var got = features(new Case(embedded, c.Lengths, c.Convs));
        if (!got.requires_grad)
            return PropertyResult.Fail("gradients reach every parameter", "the features do not depend on the convolutions through autograd.", "compute with tensor operations and the convolutions' call; no detach().");
        got.sum().backward();
        for (int i = 0; i < c.Convs.Length; i++)
            foreach (var (name, p) in c.Convs[i].named_parameters())
                if (p.grad is null || p.grad.abs().sum().item<double>() == 0)
                    return PropertyResult.Fail("gradients reach every parameter", $"convolution {i} (width {c.Convs[i].weight.shape[2]}): its {name} gets no gradient.", "every width's pooled features must be in the concatenation.");
        var padded = (torch.arange(embedded.shape[1]).unsqueeze(0) >= c.Lengths.unsqueeze(1)).unsqueeze(-1);
        var leak = embedded.grad is null ? 0 : embedded.grad.abs().masked_fill(padded.logical_not(), 0).max().item<double>();
        if (leak != 0)
            return PropertyResult.Fail("gradients reach every parameter", $"padded positions of the embedded input get gradient (up to {leak:G4}); they must get exactly 0.", PaddingBug + ".");
        return PropertyResult.Pass("gradients reach every parameter", "every width's weight and bias get gradient; padded positions get none.");
    }
}
