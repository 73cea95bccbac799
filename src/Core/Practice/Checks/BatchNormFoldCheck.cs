using NeuralNotebooks.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;
using FoldFunction = System.Func<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, TorchSharp.torch.Tensor,
    TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, double, (TorchSharp.torch.Tensor, TorchSharp.torch.Tensor)>;

namespace NeuralNotebooks.Practice.Checks;

/// <summary>
/// Exercise 08: folding an eval-mode BatchNorm into the convolution before it, (w, b, μ, σ², γ, β, ε) → (w', b').
/// Checks shapes (kh ≠ kw, O ≠ C, with and without bias), values against Core's BatchNormFolding.FoldPair (float64,
/// float32), a convolution without bias, that ε is used (tiny running variances), and end to end: conv2d with the
/// folded pair equals conv2d → batch_norm in eval mode (batch 1 and others).
/// </summary>
public sealed class BatchNormFoldCheck : IExerciseCheck
{
    /// <summary>One conv → BN pair: the convolution's weight and bias (null: none) and the BN's statistics and affine parameters.</summary>
    sealed record Case(Tensor Weight, Tensor? Bias, Tensor Mean, Tensor Var, Tensor Gamma, Tensor Beta, double Eps)
    {
        public long Out => Weight.shape[0];
        public long In => Weight.shape[1];
        public string Describe() => $"({Weight.dtype}, weight {TensorDiff.Shape(Weight)}, {(Bias is null ? "no conv bias" : "with conv bias")}, ε {Eps:G3})";
    }

    const string PerOutputChannel = "the scale s = γ/√(σ² + ε) has one value per OUTPUT channel, the weight's first axis: weight * s.view(-1, 1, 1, 1), not s.view(1, -1, 1, 1) (per input channel)";

    public IReadOnlyList<PropertyResult> Run(Learner learner, int seed)
    {
        var kit = new CheckKit(seed);
        var fold = learner.Function<FoldFunction>(0);
        (Tensor Weight, Tensor Bias) Fold(Case c) => learner.Run(0, () => fold(c.Weight, c.Bias!, c.Mean, c.Var, c.Gamma, c.Beta, c.Eps));

        // O ≠ C in the first cases (a per-input-channel scale cannot broadcast), then a square one, where it can and must be named by value.
        var cases = new[]
        {
            Make(kit, ScalarType.Float64, 3, 2, 3, 1, bias: true), Make(kit, ScalarType.Float64, 5, 3, 1, 3, bias: true),
            Make(kit, ScalarType.Float32, 4, 6, 3, 3, bias: true), Make(kit, ScalarType.Float64, 4, 4, 3, 2, bias: true),
            Make(kit, ScalarType.Float32, 4, 4, 2, 3, bias: true),
        };
        var noBias = new[] { Make(kit, ScalarType.Float64, 6, 3, 3, 3, bias: false), Make(kit, ScalarType.Float32, 4, 4, 3, 3, bias: false) };

        return CheckKit.InOrder(
            ("shapes", [], () => Shapes(cases.Concat(noBias), Fold)),
            ("values", ["shapes"], () => Values("values", cases, Fold, "matches BatchNormFolding.FoldPair in float64 and float32, O ≠ C and O = C, kh ≠ kw.")),
            ("a convolution without bias", ["shapes"], () => Values("a convolution without bias", noBias, Fold,
                "with bias null (the usual conv before BN) the folded bias is (0 − μ)·s + β, as FoldPair gives.")),
            ("ε is used", ["shapes"], () => EpsUsed(kit, Fold)),
            ("end to end", ["values"], () => EndToEnd(kit, Fold)));
    }

    /// <summary>Seeded weights; running means, γ and β away from 0/1 and variances in [0.3, 2.3), so each mistake changes the values.</summary>
    static Case Make(CheckKit kit, ScalarType dtype, int o, int c, int kh, int kw, bool bias, double eps = 1e-5, double varScale = 1)
    {
        var weight = kit.Randn(dtype, o, c, kh, kw);
        var variance = (kit.Rand(dtype, o) * 2 + 0.3) * varScale;
        return new Case(weight, bias ? kit.Randn(dtype, o) : null, kit.Randn(dtype, o), variance,
            kit.Randn(dtype, o) + 1, kit.Randn(dtype, o), eps);
    }

    /// <summary>The oracle: Core's BatchNormFolding.FoldPair on an nn.Conv2d and an nn.BatchNorm2d holding the case's tensors.</summary>
    static (Tensor Weight, Tensor Bias) Expected(Case c)
    {
        using var noGrad = torch.no_grad();
        var (kh, kw) = (c.Weight.shape[2], c.Weight.shape[3]);
        var conv = nn.Conv2d(c.In, c.Out, (kh, kw), bias: c.Bias is not null, dtype: c.Weight.dtype);
        conv.weight!.copy_(c.Weight);
        if (c.Bias is not null) conv.bias!.copy_(c.Bias);
        var bn = nn.BatchNorm2d(c.Out, eps: c.Eps, dtype: c.Weight.dtype);
        bn.running_mean!.copy_(c.Mean);
        bn.running_var!.copy_(c.Var);
        bn.weight!.copy_(c.Gamma);
        bn.bias!.copy_(c.Beta);
        conv.eval(); bn.eval();
        var folded = BatchNormFolding.FoldPair(conv, bn);
        return (folded.weight!.detach().clone(), folded.bias!.detach().clone());
    }

    static PropertyResult Shapes(IEnumerable<Case> cases, Func<Case, (Tensor Weight, Tensor Bias)> fold)
    {
        foreach (var c in cases)
        {
            (Tensor Weight, Tensor Bias) got;
            try { got = fold(c); }
            catch (LearnerCodeException e) when (e.InnerException is not NotImplementedException && c.Out != c.In && e.InnerException!.Message.Contains("size of tensor", StringComparison.OrdinalIgnoreCase))
            {
                return PropertyResult.Fail("shapes", $"{c.Describe()}: your function threw '{FirstLine(e.InnerException!.Message)}' — the scale did not broadcast against the weight.", PerOutputChannel + ".");
            }
            if (got.Weight is null || got.Bias is null || !got.Weight.shape.SequenceEqual(c.Weight.shape) || !got.Bias.shape.SequenceEqual([c.Out]))
                return PropertyResult.Fail("shapes", $"{c.Describe()}: expected a folded weight {TensorDiff.Shape(c.Weight)} and bias [{c.Out}], got {Shape(got.Weight)} and {Shape(got.Bias)}.",
                    "folding keeps the convolution's shapes: the weight is scaled, not reshaped (" + PerOutputChannel + "), and the bias has one value per output channel, even when the convolution had none.");
        }
        return PropertyResult.Pass("shapes", "the folded weight keeps (O, C, kh, kw) and the bias is (O), with and without a conv bias, O ≠ C and O = C, kh ≠ kw.");
    }

    static string Shape(Tensor? t) => t is null ? "null" : TensorDiff.Shape(t);
    static string FirstLine(string s) => s.Split('\n')[0].Trim();

    static PropertyResult Values(string property, IEnumerable<Case> cases, Func<Case, (Tensor Weight, Tensor Bias)> fold, string passed)
    {
        foreach (var c in cases)
        {
            var got = fold(c);
            var expected = Expected(c);
            var cause = Cause(c, got);
            if (TensorDiff.Compare(property, $"the folded weight {c.Describe()}", expected.Weight, got.Weight, cause) is { } badWeight) return badWeight;
            if (TensorDiff.Compare(property, $"the folded bias {c.Describe()}", expected.Bias, got.Bias, cause) is { } badBias) return badBias;
        }
        return PropertyResult.Pass(property, passed);
    }

    /// <summary>Names the usual mistake when the learner's weight or bias is exactly it.</summary>
    static string Cause(Case c, (Tensor Weight, Tensor Bias) got)
    {
        var tolerance = Tolerance.For(c.Weight.dtype);
        bool Is(Tensor mine, Tensor wrong) => mine is not null && mine.shape.SequenceEqual(wrong.shape) && mine.detach().to(wrong.dtype).allclose(wrong, tolerance.Relative, tolerance.Absolute);
        var b = c.Bias ?? torch.zeros_like(c.Mean);
        var std = (c.Var + c.Eps).sqrt();
        var s = c.Gamma / std;
        var column = s.view(-1, 1, 1, 1);
        if (Is(got.Bias, b * s + c.Beta))
            return "the running mean is missing from the bias: BN subtracts μ before scaling, so b' = (b − μ)·s + β, not b·s + β.";
        var byVariance = c.Gamma / (c.Var + c.Eps);
        if (Is(got.Weight, c.Weight * byVariance.view(-1, 1, 1, 1)) || Is(got.Weight, c.Weight * (c.Gamma / c.Var).view(-1, 1, 1, 1)))
            return "the weight is divided by the variance σ² (+ ε); BN divides by the standard deviation √(σ² + ε).";
        if (Is(got.Weight, c.Weight) || Is(got.Weight, c.Weight / std.view(-1, 1, 1, 1)))
            return "γ went into the bias only: BN multiplies the whole normalised output by γ, so the weight needs it too — w' = w·γ/√(σ² + ε).";
        if (c.In == c.Out && Is(got.Weight, c.Weight * s.view(1, -1, 1, 1)))
            return "the weight is scaled per input channel: " + PerOutputChannel + ".";
        if (Is(got.Weight, c.Weight * column) && !Is(got.Bias, (b - c.Mean) * s + c.Beta))
            return "the weight is right, the bias is not: b' = (b − μ)·γ/√(σ² + ε) + β (with b = 0 when the convolution has no bias).";
        return "with s = γ/√(σ² + ε) per output channel: w' = w·s.view(-1, 1, 1, 1), b' = (b − μ)·s + β.";
    }

    /// <summary>Running variances far below ε: forgetting ε (or using it outside the square root) changes the scale a lot.</summary>
    static PropertyResult EpsUsed(CheckKit kit, Func<Case, (Tensor Weight, Tensor Bias)> fold)
    {
        var c = Make(kit, ScalarType.Float64, 4, 3, 3, 3, bias: true, eps: 1e-3, varScale: 1e-5);
        var got = fold(c);
        var expected = Expected(c);
        const string EpsCause = "ε belongs under the square root, with the variance: s = γ/√(σ² + ε). Without it a channel whose running variance is near 0 gets a huge scale (or 1/0); ε is the BN layer's own (1e-5 by default), not a constant of yours.";
        // The no-ε version named as such; any other mistake keeps its own name.
        var noEps = c.Gamma / c.Var.sqrt();
        var tolerance = Tolerance.For(c.Weight.dtype);
        var withoutEps = got.Weight is not null && got.Weight.shape.SequenceEqual(c.Weight.shape)
            && got.Weight.detach().allclose(c.Weight * noEps.view(-1, 1, 1, 1), tolerance.Relative, tolerance.Absolute);
        var cause = withoutEps || !CheckKit.Finite(got.Weight, got.Bias) ? EpsCause : Cause(c, got);
        if (!CheckKit.Finite(got.Weight, got.Bias))
            return PropertyResult.Fail("ε is used", $"with running variances ~1e-5 and ε = 1e-3 {c.Describe()} the folded pair contains NaN or Inf.", EpsCause);
        if (TensorDiff.Compare("ε is used", $"the folded weight with running variances ~1e-5 and ε = 1e-3 {c.Describe()}", expected.Weight, got.Weight, cause) is { } badWeight) return badWeight;
        if (TensorDiff.Compare("ε is used", $"the folded bias with running variances ~1e-5 and ε = 1e-3 {c.Describe()}", expected.Bias, got.Bias, cause) is { } badBias) return badBias;
        return PropertyResult.Pass("ε is used", "with running variances far below ε the scale is γ/√(σ² + ε), as the BN layer computes it.");
    }

    /// <summary>What folding is for: one convolution that gives the outputs of conv → BN in eval mode.</summary>
    static PropertyResult EndToEnd(CheckKit kit, Func<Case, (Tensor Weight, Tensor Bias)> fold)
    {
        foreach (var dtype in new[] { ScalarType.Float64, ScalarType.Float32 })
            foreach (var batch in kit.Batches())
            {
                var (o, ch, hasBias) = (kit.Int(2, 5), kit.Int(1, 4), kit.Int(0, 1) == 1);
                var c = Make(kit, dtype, o, ch, 3, 3, hasBias);
                var x = kit.Randn(dtype, batch, ch, kit.Int(4, 7), kit.Int(4, 7));
                var expected = F.batch_norm(F.conv2d(x, c.Weight, c.Bias, padding: [1, 1]), c.Mean, c.Var, c.Gamma, c.Beta, training: false, eps: c.Eps);
                var got = fold(c);
                var output = F.conv2d(x, got.Weight.to(dtype), got.Bias.to(dtype), padding: [1, 1]);
                if (TensorDiff.Compare("end to end", $"conv2d with your folded pair vs conv2d → batch_norm (eval), input {TensorDiff.Shape(x)} {c.Describe()}", expected, output, Cause(c, got)) is { } failed)
                    return failed;
            }
        return PropertyResult.Pass("end to end", "conv2d with the folded weight and bias gives the outputs of conv2d → batch_norm in eval mode (float64, float32, batch 1 and others).");
    }
}
