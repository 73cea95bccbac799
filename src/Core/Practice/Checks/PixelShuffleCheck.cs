using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice.Checks;

/// <summary>
/// Exercise 12: sub-pixel upsampling, PixelShuffle(x, r): (B, C·r², H, W) → (B, C, H·r, W·r). Checks shapes (r = 1, 2, 3,
/// batch 1 and others, H ≠ W), values against TorchSharp's nn.PixelShuffle (float64, float32), that it is a permutation
/// (the same values, undone by nn.PixelUnshuffle), and gradients (the upstream gradient, unshuffled, and nothing else).
/// </summary>
public sealed class PixelShuffleCheck : IExerciseCheck
{
    sealed record Case(Tensor X, int Factor)
    {
        public string Describe() => $"({X.dtype}, x {TensorDiff.Shape(X)}, r = {Factor})";
    }

    const string Layout = "input channel c·r² + i·r + j goes to output channel c, row h·r + i, column w·r + j: view(B, C, r, r, H, W), permute(0, 1, 4, 2, 5, 3), reshape(B, C, H·r, W·r)";

    public IReadOnlyList<PropertyResult> Run(Learner learner, int seed)
    {
        var kit = new CheckKit(seed);
        var shuffle = learner.Function<Func<Tensor, int, Tensor>>(0);
        Tensor Shuffle(Case c) => learner.Run(0, () => shuffle(c.X, c.Factor));

        var cases = new List<Case>();
        foreach (var (dtype, r) in new[] { (ScalarType.Float64, 2), (ScalarType.Float32, 3), (ScalarType.Float64, 1), (ScalarType.Float64, 3), (ScalarType.Float32, 2) })
            foreach (var batch in kit.Batches())
                cases.Add(Make(kit, dtype, batch, r));

        return CheckKit.InOrder(
            ("shapes", [], () => Shapes(cases, Shuffle)),
            ("values", ["shapes"], () => Values(cases, Shuffle)),
            ("a permutation", ["shapes"], () => Permutation(kit, Shuffle)),
            ("gradients", ["shapes"], () => Gradients(kit, Shuffle)));
    }

    /// <summary>C ≥ 2 output channels (with C = 1 channel orders cannot be mixed up), H ≠ W.</summary>
    static Case Make(CheckKit kit, ScalarType dtype, int batch, int r)
    {
        var (c, h) = (kit.Int(2, 4), kit.Int(2, 5));
        return new Case(kit.Randn(dtype, batch, c * r * r, h, h + kit.Int(1, 3)), r);
    }

    static Tensor Expected(Case c)
    {
        using var shuffle = nn.PixelShuffle(c.Factor);
        return shuffle.call(c.X);
    }

    static PropertyResult Shapes(List<Case> cases, Func<Case, Tensor> shuffle)
    {
        foreach (var c in cases)
        {
            var got = shuffle(c);
            var (b, ch, h, w) = (c.X.shape[0], c.X.shape[1] / (c.Factor * c.Factor), c.X.shape[2], c.X.shape[3]);
            long[] expected = [b, ch, h * c.Factor, w * c.Factor];
            if (got is null || !got.shape.SequenceEqual(expected))
                return PropertyResult.Fail("shapes", $"{c.Describe()}: expected [{string.Join(", ", expected)}], got {(got is null ? "null" : TensorDiff.Shape(got))}.",
                    "r² channels become one r×r block of pixels: the channels divide by r², height and width multiply by r" + (c.Factor == 1 ? " (r = 1 changes nothing)." : "."));
        }
        return PropertyResult.Pass("shapes", $"(B, C·r², H, W) → (B, C, H·r, W·r) for r = 1, 2, 3, batch sizes {string.Join(", ", cases.Select(c => c.X.shape[0]).Distinct())}, H ≠ W.");
    }

    static PropertyResult Values(List<Case> cases, Func<Case, Tensor> shuffle)
    {
        foreach (var c in cases)
        {
            var got = shuffle(c);
            if (TensorDiff.Compare("values", $"the upsampled image {c.Describe()}", Expected(c), got, Cause(c, got)) is { } failed) return failed;
        }
        return PropertyResult.Pass("values", "matches nn.PixelShuffle in float64 and float32 for r = 1, 2, 3.");
    }

    /// <summary>Names the usual layout mistake when the learner's output is exactly it.</summary>
    static string Cause(Case c, Tensor got)
    {
        var x = c.X;
        long r = c.Factor;
        var (b, ch, h, w) = (x.shape[0], x.shape[1] / (r * r), x.shape[2], x.shape[3]);
        bool Is(Tensor wrong) => Same(got.detach().to(wrong.dtype), wrong);
        if (Is(x.reshape(b, ch, h * r, w * r)))
            return "a plain reshape without the permute: it only reinterprets memory, so pixels of different channels and rows get scrambled into each output channel; " + Layout + ".";
        if (Is(x.view(b, r, r, ch, h, w).permute(0, 3, 4, 1, 5, 2).reshape(b, ch, h * r, w * r)))
            return "the channel axis is split in the wrong order, (r, r, C) instead of (C, r, r): PyTorch's layout puts the output channel first — " + Layout + ".";
        if (Is(x.view(b, ch, r, r, h, w).permute(0, 1, 4, 3, 5, 2).reshape(b, ch, h * r, w * r)))
            return "the block's row and column are swapped (i and j): the first r after C is the row offset i — " + Layout + ".";
        return Layout + ".";
    }

    /// <summary>Exactly equal (a rearrangement moves values without rounding).</summary>
    static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    /// <summary>Distinct values (0, 1, 2, …), so that any value changed, lost or repeated shows.</summary>
    static PropertyResult Permutation(CheckKit kit, Func<Case, Tensor> shuffle)
    {
        var r = kit.Int(2, 3);
        var (ch, h, w) = (kit.Int(2, 3), kit.Int(2, 4), kit.Int(3, 5));
        var x = torch.arange(2 * ch * r * r * h * w, dtype: ScalarType.Float64).view(2, ch * r * r, h, w);
        var c = new Case(x, r);
        var got = shuffle(c);
        var (sorted, _) = got.flatten().sort();
        if (!Same(sorted, x.flatten()))
            return PropertyResult.Fail("a permutation", $"{c.Describe()} filled with 0, 1, 2, …: the output does not hold each input value exactly once.",
                "pixel shuffle only moves values — no interpolation, no arithmetic, nothing dropped or repeated: view, permute, reshape.");
        using var unshuffle = nn.PixelUnshuffle(r);
        if (TensorDiff.Compare("a permutation", $"nn.PixelUnshuffle of your output {c.Describe()}, compared with the input", x, unshuffle.call(got), Cause(c, got)) is { } failed)
            return failed;
        return PropertyResult.Pass("a permutation", "the output holds each input value exactly once, and nn.PixelUnshuffle gives the input back.");
    }

    /// <summary>A permutation's gradient is the upstream gradient moved back: PixelUnshuffle of it.</summary>
    static PropertyResult Gradients(CheckKit kit, Func<Case, Tensor> shuffle)
    {
        var c = Make(kit, ScalarType.Float64, 3, 2);
        var x = c.X.detach().requires_grad_();
        var got = shuffle(new Case(x, c.Factor));
        if (!got.requires_grad)
            return PropertyResult.Fail("gradients", "the output does not depend on x through autograd (no gradient reaches the convolution before it).",
                "build the result from x with tensor operations (view, permute, reshape); no detach(), .data or copies through arrays.");
        var upstream = kit.Randn(ScalarType.Float64, got.shape);
        (got * upstream).sum().backward();
        if (x.grad is null) return PropertyResult.Fail("gradients", "no gradient reached x.", "build the result from x with tensor operations; no detach().");
        using var unshuffle = nn.PixelUnshuffle(c.Factor);
        if (TensorDiff.Compare("gradients", $"the gradient of x {c.Describe()}", unshuffle.call(upstream), x.grad,
                "each input value goes to exactly one output pixel, so its gradient is that pixel's upstream gradient: " + Layout + ".") is { } failed)
            return failed;
        return PropertyResult.Pass("gradients", "the gradient of x is the upstream gradient moved back (PixelUnshuffle of it), vs autograd.");
    }
}
