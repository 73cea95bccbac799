using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice.Checks;

/// <summary>
/// Exercise 10: PerFrame(clips, cnn) runs one image CNN over every frame, (B, T, C, H, W) → (B, T, F). Checks shapes
/// (batch 1 and others, T = 1 and longer), values against a loop over frames (float64, float32), frame order (permuting
/// the frames permutes the outputs) and that gradients reach every parameter of the CNN, equal to the loop's.
/// </summary>
public sealed class PerFrameCheck : IExerciseCheck
{
    /// <summary>
    /// The grader's CNN: conv → ReLU → 2×2 adaptive pool → linear, (N, C, H, W) → (N, F). No BatchNorm, so each image's
    /// feature depends on that image only and the fold and the loop must agree exactly. It refuses anything but
    /// (N, C, H, W), so a 5-D clip handed over unfolded fails with a clear message.
    /// </summary>
    sealed class GraderCnn : nn.Module<Tensor, Tensor>
    {
        readonly TorchSharp.Modules.Conv2d conv;
        readonly TorchSharp.Modules.Linear fc;
        readonly long channels;

        public GraderCnn(long channels, long features) : base(nameof(GraderCnn))
        {
            this.channels = channels;
            conv = nn.Conv2d(channels, 4, kernel_size: 3, padding: 1);
            fc = nn.Linear(4 * 2 * 2, features);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            if (x.dim() != 4 || x.shape[1] != channels)
                throw new ArgumentException($"the CNN takes images (N, {channels}, H, W), got {TensorDiff.Shape(x)}: fold time into the batch first, clips.flatten(0, 1).");
            var h = nn.functional.adaptive_avg_pool2d(nn.functional.relu(conv.call(x)), [2, 2]).flatten(1);
            return fc.call(h);
        }
    }

    sealed record Case(Tensor Clips, GraderCnn Cnn, long Features)
    {
        public string Describe() => $"({Clips.dtype}, clips {TensorDiff.Shape(Clips)}, F = {Features})";
    }

    const string Fold = "Fold time into the batch with clips.flatten(0, 1) → (B·T, C, H, W), run the CNN once, and reshape(B, T, F): clip b's frame t is row b·T + t both ways";

    public IReadOnlyList<PropertyResult> Run(Learner learner, int seed)
    {
        var kit = new CheckKit(seed);
        var perFrame = learner.Function<Func<Tensor, nn.Module<Tensor, Tensor>, Tensor>>(0);
        Tensor PerFrame(Tensor clips, GraderCnn cnn) => learner.Run(0, () => perFrame(clips, cnn));

        var cases = new List<Case>();
        foreach (var (dtype, time) in new[] { (ScalarType.Float64, kit.Int(3, 6)), (ScalarType.Float32, kit.Int(2, 5)), (ScalarType.Float64, 1) })
            foreach (var batch in kit.Batches())
                cases.Add(Make(kit, dtype, batch, time));

        return CheckKit.InOrder(
            ("shapes", [], () => Shapes(cases, PerFrame)),
            ("values", ["shapes"], () => Values(cases, PerFrame)),
            ("frame order", ["shapes"], () => FrameOrder(kit, PerFrame)),
            ("gradients reach the CNN", ["shapes"], () => Gradients(kit, PerFrame)));
    }

    /// <summary>C ≥ 1 channels, H ≠ W, F differs from T and B where it can, so a swapped axis shows in the shape.</summary>
    static Case Make(CheckKit kit, ScalarType dtype, int batch, int time)
    {
        var (c, h, f) = (kit.Int(1, 3), kit.Int(4, 7), kit.Int(10, 13));
        torch.manual_seed(kit.Int(0, 1_000_000));
        var cnn = new GraderCnn(c, f);
        cnn.to(dtype);
        return new Case(kit.Randn(dtype, batch, time, c, h, h + 1), cnn, f);
    }

    /// <summary>The oracle: the CNN on each frame in turn, stacked along time.</summary>
    static Tensor Loop(Tensor clips, GraderCnn cnn) =>
        torch.stack(Enumerable.Range(0, (int)clips.shape[1]).Select(t => cnn.call(clips.select(1, t))).ToArray(), dim: 1);

    static PropertyResult Shapes(List<Case> cases, Func<Tensor, GraderCnn, Tensor> perFrame)
    {
        foreach (var c in cases)
        {
            var got = perFrame(c.Clips, c.Cnn);
            long[] expected = [c.Clips.shape[0], c.Clips.shape[1], c.Features];
            if (got is null || !got.shape.SequenceEqual(expected))
                return PropertyResult.Fail("shapes", $"{c.Describe()}: expected [{string.Join(", ", expected)}], got {(got is null ? "null" : TensorDiff.Shape(got))}.",
                    got is not null && got.dim() == 2 && got.shape[0] == c.Clips.shape[0]
                        ? "one vector per clip and no time axis: a single image is not a sequence (the guide's model has no time axis at all) — keep one feature per frame, (B, T, F), for the LSTM. " + Fold + "."
                        : Fold + ".");
        }
        return PropertyResult.Pass("shapes", $"(B, T, C, H, W) → (B, T, F) for batch sizes {string.Join(", ", cases.Select(c => c.Clips.shape[0]).Distinct())} and T = {string.Join(", ", cases.Select(c => c.Clips.shape[1]).Distinct())}.");
    }

    static PropertyResult Values(List<Case> cases, Func<Tensor, GraderCnn, Tensor> perFrame)
    {
        foreach (var c in cases)
        {
            var got = perFrame(c.Clips, c.Cnn);
            if (TensorDiff.Compare("values", $"the frame features {c.Describe()}", Loop(c.Clips, c.Cnn), got, Cause(c, got)) is { } failed) return failed;
        }
        return PropertyResult.Pass("values", "equals the CNN run on each frame in a loop, in float64 and float32, T = 1 included.");
    }

    /// <summary>Names the usual mistake when the learner's output is exactly (within tolerance) it.</summary>
    static string Cause(Case c, Tensor got)
    {
        var (b, t, f) = (c.Clips.shape[0], c.Clips.shape[1], c.Features);
        var expected = Loop(c.Clips, c.Cnn);
        bool Is(Tensor wrong) => got.shape.SequenceEqual(wrong.shape) && torch.allclose(got.detach().to(wrong.dtype), wrong, rtol: 1e-4, atol: 1e-5);
        // The rows of a fold are in (b, t) order; read them as (t, b), or fold in (t, b) order and read as (b, t).
        if (Is(expected.reshape(b * t, f).view(t, b, f).transpose(0, 1)) || Is(expected.transpose(0, 1).reshape(b, t, f)))
            return "batch and time are mixed up: the features are computed or read back as if the clips were (T, B, …). " + Fold + "; no transpose on one side only.";
        if (Is(c.Cnn.call(c.Clips.mean([1])).unsqueeze(1).expand(b, t, f)))
            return "the frames are averaged over time before the CNN: every frame gets the same feature and the motion the LSTM needs is gone. " + Fold + ".";
        return Fold + ".";
    }

    /// <summary>Permuting the frames of every clip must permute the outputs the same way, and change nothing else.</summary>
    static PropertyResult FrameOrder(CheckKit kit, Func<Tensor, GraderCnn, Tensor> perFrame)
    {
        var c = Make(kit, ScalarType.Float64, 3, 5);
        long[] reversed = [4, 2, 0, 3, 1];   // a fixed permutation that moves every frame (no draw from a generator)
        var permutation = torch.tensor(reversed);
        var got = perFrame(c.Clips, c.Cnn);
        var permuted = perFrame(c.Clips.index_select(1, permutation), c.Cnn);
        if (TensorDiff.Compare("frame order", $"your output for the clips with frames in the order [{string.Join(", ", reversed)}], vs your output for the original clips in that order {c.Describe()}",
                got.index_select(1, permutation), permuted,
                "output t must be the feature of frame t alone: no sorting, pooling or mixing over time before the LSTM, and no batch/time mix-up. " + Fold + ".") is { } failed)
            return failed;
        return PropertyResult.Pass("frame order", "permuting the frames of every clip permutes the output features the same way.");
    }

    /// <summary>The CNN learns only if the loss reaches its weights: the learner's gradients equal the loop's.</summary>
    static PropertyResult Gradients(CheckKit kit, Func<Tensor, GraderCnn, Tensor> perFrame)
    {
        var c = Make(kit, ScalarType.Float64, 2, 3);
        var got = perFrame(c.Clips, c.Cnn);
        if (!got.requires_grad)
            return PropertyResult.Fail("gradients reach the CNN", "the output does not depend on the CNN's weights through autograd.",
                "call the CNN on the folded frames and keep the graph: no detach(), no torch.no_grad(), no copies through arrays.");
        var upstream = kit.Randn(ScalarType.Float64, got.shape);
        var parameters = c.Cnn.named_parameters().ToList();
        c.Cnn.zero_grad();
        (got * upstream).sum().backward();
        var mine = parameters.Select(p => p.parameter.grad?.clone()).ToList();
        c.Cnn.zero_grad();
        (Loop(c.Clips, c.Cnn) * upstream).sum().backward();
        for (int i = 0; i < parameters.Count; i++)
        {
            var (name, parameter) = parameters[i];
            if (mine[i] is null)
                return PropertyResult.Fail("gradients reach the CNN", $"no gradient reached the CNN's {name}.", "keep the CNN's output in the graph: no detach() or no_grad().");
            if (TensorDiff.Compare("gradients reach the CNN", $"the gradient of the CNN's {name} {c.Describe()}", parameter.grad!, mine[i]!,
                    "every frame's output must come from its own frame through the one shared CNN, so each weight's gradient sums over all B·T frames. " + Fold + ".") is { } failed)
                return failed;
        }
        return PropertyResult.Pass("gradients reach the CNN", "every parameter of the CNN gets the gradient of the loop over frames, vs autograd.");
    }
}
