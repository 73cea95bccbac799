using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace NeuralNotebooks.Practice.Checks;

/// <summary>
/// Exercise 02: a 2-D convolution via im2col, against TorchSharp's own conv2d: output shapes (batch sizes, channel
/// counts, non-square kernels and images, stride 1 and 2, padding 0 and 1), values (float64 and float32), gradients
/// through it reach input, weight and bias and match conv2d's, and gradient descent through it learns a known filter.
/// </summary>
public sealed class Conv2dCheck : IExerciseCheck
{
    sealed record Case(Tensor X, Tensor W, Tensor B, int Stride, int Padding)
    {
        public string Describe => $"x {TensorDiff.Shape(X)}, weight {TensorDiff.Shape(W)}, stride {Stride}, padding {Padding}, {X.dtype}";
        public long[] OutShape => [X.shape[0], W.shape[0], (X.shape[2] + 2 * Padding - W.shape[2]) / Stride + 1, (X.shape[3] + 2 * Padding - W.shape[3]) / Stride + 1];
    }

    static Tensor Torch(Case c, Tensor? weight = null, bool bias = true) =>
        F.conv2d(c.X, weight ?? c.W, bias ? c.B : null, strides: [c.Stride, c.Stride], padding: [c.Padding, c.Padding]);

    public IReadOnlyList<PropertyResult> Run(Learner learner, int seed)
    {
        var kit = new CheckKit(seed);
        var conv = learner.Function<Func<Tensor, Tensor, Tensor, int, int, Tensor>>(0);
        Tensor Conv(Case c) => learner.Run(0, () => conv(c.X, c.W, c.B, c.Stride, c.Padding));
        // Stride and padding cycle so that every combination appears; kh ≠ kw and H ≠ W catch swapped axes.
        Case Make(ScalarType dtype, int batch, int i)
        {
            var (channels, outChannels, kh, kw) = (kit.Int(2, 3), kit.Int(1, 4), kit.Int(1, 3), kit.Int(2, 3));
            var (h, w) = (kit.Int(4, 7), kit.Int(5, 8));
            return new Case(kit.Randn(dtype, batch, channels, h, w), kit.Randn(dtype, outChannels, channels, kh, kw), kit.Randn(dtype, outChannels), 1 + i % 2, (i / 2) % 2);
        }
        var batches = kit.Batches();
        var cases = batches.Select((b, i) => Make(ScalarType.Float64, b, i))
            .Concat(batches.Select((b, i) => Make(ScalarType.Float64, b, i + 2)))
            .Concat(batches.Select((b, i) => Make(ScalarType.Float32, b, i + 1))).ToArray();

        return CheckKit.InOrder(
            ("shapes", [], () => Shapes(cases, Conv)),
            ("values", ["shapes"], () => Values(cases, Conv)),
            ("gradients reach every parameter", ["values"], () => Gradients(cases[4], Conv)),
            ("learns a known filter", ["gradients reach every parameter"], () => Learns(kit, Conv)));
    }

    static PropertyResult Shapes(Case[] cases, Func<Case, Tensor> conv)
    {
        foreach (var c in cases)
        {
            var got = conv(c);
            var expected = c.OutShape;
            if (got is null || !got.shape.SequenceEqual(expected))
                return PropertyResult.Fail("shapes", $"{c.Describe}: the output should be [{string.Join(", ", expected)}], got {(got is null ? "null" : TensorDiff.Shape(got))}.",
                    got is null ? "return the output tensor." : ShapeCause(c, got.shape));
        }
        return PropertyResult.Pass("shapes", $"the output is (B, O, H', W') for batch sizes {string.Join(", ", cases.Select(c => c.X.shape[0]).Distinct())}, 2–3 input channels, non-square kernels and images, stride 1 and 2, padding 0 and 1.");
    }

    static string ShapeCause(Case c, long[] got)
    {
        var (h, w, kh, kw, s, p) = (c.X.shape[2], c.X.shape[3], c.W.shape[2], c.W.shape[3], c.Stride, c.Padding);
        if (got.Length != 4)
            return "the output is (B, O, H', W'): a 2-D window over rows and columns. A 1-D convolution of flattened pixels (the guide's np.convolve) does not give an image.";
        if (s > 1 && got[2] == h + 2 * p - kh + 1 && got[3] == w + 2 * p - kw + 1)
            return "the stride is ignored: windows start every s pixels, H' = ⌊(H + 2p − kh) / s⌋ + 1 (unfold(..., stride: (s, s))).";
        if (p > 0 && got[2] == (h - kh) / s + 1 && got[3] == (w - kw) / s + 1)
            return "the padding is ignored: p zeros on each side, H' = ⌊(H + 2p − kh) / s⌋ + 1 (unfold(..., padding: (p, p))).";
        if (got[2] == c.OutShape[3] && got[3] == c.OutShape[2])
            return "height and width are swapped: kh goes with H and kw with W; the output is view(B, O, H', W').";
        if (got[1] != c.W.shape[0])
            return "axis 1 of the output is the output channels O = weight.shape[0]; each sums over all C input channels.";
        return "H' = ⌊(H + 2p − kh) / s⌋ + 1 and W' = ⌊(W + 2p − kw) / s⌋ + 1.";
    }

    static PropertyResult Values(Case[] cases, Func<Case, Tensor> conv)
    {
        foreach (var c in cases)
        {
            var got = conv(c);
            var expected = Torch(c);
            if (TensorDiff.Compare("values", $"the output ({c.Describe})", expected, got, ValueCause(c, got)) is { } failed) return failed;
        }
        return PropertyResult.Pass("values", "the output matches TorchSharp's conv2d in float64 and float32, with stride 1 and 2, padding 0 and 1.");
    }

    /// <summary>The usual mistakes, each recognised by computing it with conv2d and comparing.</summary>
    static string ValueCause(Case c, Tensor got)
    {
        var tolerance = Tolerance.For(c.X.dtype);
        bool Is(Tensor wrong) => got.shape.SequenceEqual(wrong.shape) && got.detach().to(wrong.dtype).allclose(wrong, tolerance.Relative, tolerance.Absolute);
        var (o, ch, kh, kw) = (c.W.shape[0], c.W.shape[1], c.W.shape[2], c.W.shape[3]);
        if (Is(Torch(c, c.W.flip(2, 3))))
            return "the kernel is flipped: deep-learning convolution is cross-correlation, y[i, j] = Σ w[u, v]·x[s·i + u − p, s·j + v − p], no flip.";
        if (Is(Torch(c, c.W.permute(0, 2, 3, 1).reshape(o, ch, kh, kw))))
            return "the weight is flattened in the wrong order: unfold orders each column (c, u, v) — channel first — so flatten the weight as weight.reshape(O, −1), not after moving the channel axis last.";
        if (Is(Torch(c, bias: false)))
            return "the bias is missing: add bias.view(1, O, 1) (one value per output channel) to every position.";
        return "each output value is b[o] + Σ over ALL input channels c and the kh×kw window of w[o, c, u, v]·x[n, c, s·i + u − p, s·j + v − p]. " +
               "A 1-D convolution over flattened pixels (the guide's np.convolve) mixes the end of one row with the start of the next and ignores channels, stride and padding.";
    }

    static PropertyResult Gradients(Case c, Func<Case, Tensor> conv)
    {
        Tensor[] Leaves() => [c.X.detach().clone().requires_grad_(true), c.W.detach().clone().requires_grad_(true), c.B.detach().clone().requires_grad_(true)];
        var upstream = torch.randn(c.OutShape, dtype: c.X.dtype);
        var ours = Leaves();
        var output = conv(new Case(ours[0], ours[1], ours[2], c.Stride, c.Padding));
        if (!output.requires_grad)
            return PropertyResult.Fail("gradients reach every parameter", "the output does not depend on input, weight and bias through autograd (requires_grad is false).",
                "use tensor operations on the given tensors (unfold, matmul, view); .detach(), .data<T>() loops or building a new tensor from numbers cut the graph.");
        (output * upstream).sum().backward();
        var theirs = Leaves();
        (Torch(new Case(theirs[0], theirs[1], theirs[2], c.Stride, c.Padding)) * upstream).sum().backward();
        string[] names = ["the input", "the weight", "the bias"];
        for (int i = 0; i < 3; i++)
        {
            if (ours[i].grad is null || ours[i].grad!.abs().max().item<double>() == 0)
                return PropertyResult.Fail("gradients reach every parameter", $"{names[i]} gets no gradient through your conv, but does through conv2d.",
                    i == 2 ? "add the bias as a tensor operation (+ bias.view(1, O, 1))." : "the output must be computed from the given tensors with tensor operations.");
            if (TensorDiff.Compare("gradients reach every parameter", $"the gradient of {names[i]} ({c.Describe})", theirs[i].grad!, ours[i].grad!,
                    "the backward pass follows the forward: if the values match, the gradients should too — check that no value is used twice or left out.") is { } failed)
                return failed;
        }
        return PropertyResult.Pass("gradients reach every parameter", "autograd through your conv gives the input, weight and bias the same gradients as through conv2d.");
    }

    /// <summary>Gradient descent through the learner's conv recovers a known filter (a one-layer regression: cheap).</summary>
    static PropertyResult Learns(CheckKit kit, Func<Case, Tensor> conv)
    {
        const int steps = 150;
        const double lr = 0.05, goal = 1e-3;
        var x = kit.Randn(ScalarType.Float32, 4, 2, 7, 6);
        var target = F.conv2d(x, kit.Randn(ScalarType.Float32, 3, 2, 3, 3), kit.Randn(ScalarType.Float32, 3), strides: [1, 1], padding: [1, 1]);
        var w = new TorchSharp.Modules.Parameter(kit.Randn(ScalarType.Float32, 3, 2, 3, 3) * 0.1);
        var b = new TorchSharp.Modules.Parameter(torch.zeros(3, ScalarType.Float32));
        var optimizer = torch.optim.Adam([w, b], lr);
        double Loss() => F.mse_loss(conv(new Case(x, w, b, 1, 1)), target).item<float>();
        var start = Loss();
        for (int step = 0; step < steps; step++)
        {
            optimizer.zero_grad();
            F.mse_loss(conv(new Case(x, w, b, 1, 1)), target).backward();
            optimizer.step();
        }
        var end = Loss();
        if (!(end < goal))
            return PropertyResult.Fail("learns a known filter", $"{steps} Adam steps (lr {lr}) through your conv took the mean squared error to a known 3×3 filter's output from {start:F3} to {end:F4}; expected below {goal}.",
                "the forward pass or its gradient is partly wrong for stride 1, padding 1.");
        return PropertyResult.Pass("learns a known filter", $"{steps} Adam steps through your conv took the error to a known filter's output from {start:F3} to {end:G3}.");
    }
}
