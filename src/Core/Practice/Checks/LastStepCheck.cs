using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice.Checks;

/// <summary>
/// Exercise 09: each sequence's RNN output at its real last step, (B, T, H) with lengths (B) → (B, H). Checks shapes,
/// values against the reference (float64, float32), agreement with h_n of a packed nn.GRU (TorchSharp's own way),
/// padding invariance, lengths 1 and T, and gradients (exactly one step per sequence gets the upstream gradient).
/// </summary>
public sealed class LastStepCheck : IExerciseCheck
{
    sealed record Case(Tensor Outputs, Tensor Lengths);

    static readonly Func<Tensor, Tensor, Tensor> Reference = (Func<Tensor, Tensor, Tensor>)References.LastStepReference.Functions()[0];

    const string GuideBug = "outputs[:, -1] reads the last position of the padded batch, which is padding for every shorter sequence (the guide's example has no lengths, masking or packing at all)";
    const string OffByOne = "the index is off by one: a sequence of length n ends at step n − 1 (0-based); index n is one step too far (and out of range for a full-length sequence)";

    public IReadOnlyList<PropertyResult> Run(Learner learner, int seed)
    {
        var kit = new CheckKit(seed);
        var last = learner.Function<Func<Tensor, Tensor, Tensor>>(0);
        Tensor Last(Case c) => learner.Run(0, () => last(c.Outputs, c.Lengths));

        // Lengths 1..T−1 here, so every sequence has padding after it; lengths equal to T come in their own property.
        var cases = kit.Batches().Select(b => Make(kit, ScalarType.Float64, b))
            .Concat(kit.Batches().Select(b => Make(kit, ScalarType.Float32, b))).ToArray();

        return CheckKit.InOrder(
            ("shapes", [], () => Shapes(cases, Last)),
            ("values", ["shapes"], () => Values(cases, Last)),
            ("matches a packed GRU's h_n", ["shapes"], () => Packed(kit, Last)),
            ("padding invariance", ["shapes"], () => PaddingInvariance(kit, Last)),
            ("lengths of 1 and T", ["shapes"], () => Guard("lengths of 1 and T", () => Extremes(kit, Last))),
            ("gradients reach only the last real steps", ["shapes"], () => Gradients(kit, Last)));
    }

    static Case Make(CheckKit kit, ScalarType dtype, int batch)
    {
        var (t, h) = (kit.Int(3, 8), kit.Int(1, 5));
        return new Case(kit.Randn(dtype, batch, t, h), kit.RandInt(t - 1, batch) + 1);   // lengths 1..T−1
    }

    static string Describe(Case c) => $"({c.Outputs.dtype}, outputs {TensorDiff.Shape(c.Outputs)}, lengths [{string.Join(", ", c.Lengths.data<long>().ToArray())}])";

    /// <summary>An index error from the learner (gather out of range) is this property's failure, naming the off-by-one.</summary>
    static PropertyResult Guard(string property, Func<PropertyResult> check)
    {
        try { return check(); }
        catch (LearnerCodeException e) when (e.InnerException is not NotImplementedException)
        {
            return PropertyResult.Fail(property, $"{e.Function} threw {e.InnerException!.GetType().Name}: {e.InnerException.Message.Split('\n')[0].Trim()}", OffByOne + ".");
        }
    }

    static PropertyResult Shapes(Case[] cases, Func<Case, Tensor> last)
    {
        foreach (var c in cases)
        {
            var got = last(c);
            var (b, h) = (c.Outputs.shape[0], c.Outputs.shape[2]);
            if (got is null || !got.shape.SequenceEqual([b, h]))
                return PropertyResult.Fail("shapes", $"outputs {TensorDiff.Shape(c.Outputs)}, lengths {TensorDiff.Shape(c.Lengths)}: the result should be [{b}, {h}], got {(got is null ? "null" : TensorDiff.Shape(got))}.",
                    "one step per sequence: gather along dim 1 with an index (B, 1, H), then squeeze(1) (a batch of 1 must stay (1, H), so squeeze only dim 1).");
        }
        return PropertyResult.Pass("shapes", $"the result is (B, H) for batch sizes {string.Join(", ", cases.Select(c => c.Outputs.shape[0]).Distinct())} and lengths T {string.Join(", ", cases.Select(c => c.Outputs.shape[1]).Distinct())}.");
    }

    static PropertyResult Values(Case[] cases, Func<Case, Tensor> last)
    {
        foreach (var c in cases)
        {
            var got = last(c);
            if (TensorDiff.Compare("values", $"the last real steps {Describe(c)}", Reference(c.Outputs, c.Lengths), got, Cause(cases, last)) is { } failed) return failed;
        }
        return PropertyResult.Pass("values", "each row is its sequence's output at step length − 1, in float64 and float32.");
    }

    /// <summary>Names the usual mistake when the learner's output is exactly it in every case (one case may fit two: a length of T − 1 read one too far is also the last step).</summary>
    static string Cause(Case[] cases, Func<Case, Tensor> last)
    {
        bool Is(Case c, Tensor got, Tensor wrong)
        {
            var tolerance = Tolerance.For(c.Outputs.dtype);
            return got.shape.SequenceEqual(wrong.shape) && got.detach().to(wrong.dtype).allclose(wrong, tolerance.Relative, tolerance.Absolute);
        }
        var got = cases.Select(last).ToArray();
        if (cases.Select((c, i) => Is(c, got[i], c.Outputs.select(1, -1))).All(x => x)) return GuideBug + ": take step length − 1 of each sequence.";
        // Reading step n is only possible (and only this mistake) when every length is below T.
        if (cases.Select((c, i) => c.Lengths.lt(c.Outputs.shape[1]).all().item<bool>() && Is(c, got[i], Reference(c.Outputs, c.Lengths + 1))).All(x => x)) return OffByOne + ".";
        return "row b is outputs[b, lengths[b] − 1, :]: gather(1, (lengths − 1).view(-1, 1, 1).expand(-1, 1, H)).squeeze(1).";
    }

    /// <summary>TorchSharp's own answer: a GRU over the padded batch gives outputs; the same GRU over the packed batch gives h_n at each sequence's end.</summary>
    static PropertyResult Packed(CheckKit kit, Func<Case, Tensor> last)
    {
        var (batch, t, input, hidden) = (kit.Int(2, 5), kit.Int(3, 7), 3, kit.Int(2, 4));
        using var gru = nn.GRU(input, hidden, batchFirst: true).to(ScalarType.Float64);
        var x = kit.Randn(ScalarType.Float64, batch, t, input);
        var lengths = kit.RandInt(t, batch) + 1;
        lengths[0].fill_(t);   // one full-length sequence, as a real batch has
        using var noGrad = no_grad();
        var (outputs, _) = gru.call(x, null);
        var packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first: true, enforce_sorted: false);
        var (_, hN) = gru.call(packed, null);
        var c = new Case(outputs, lengths);
        var got = Guard("matches a packed GRU's h_n", () => TensorDiff.Compare("matches a packed GRU's h_n", $"the last real steps of a GRU's outputs {Describe(c)} vs h_n of the packed batch", hN[0], last(c), Cause([c], last))
            ?? PropertyResult.Pass("matches a packed GRU's h_n", "on a GRU's outputs, the result equals h_n of the same GRU run on the packed batch (pack_padded_sequence)."));
        return got;
    }

    static PropertyResult PaddingInvariance(CheckKit kit, Func<Case, Tensor> last)
    {
        var c = Make(kit, ScalarType.Float64, 4);
        var (b, t, h) = (c.Outputs.shape[0], c.Outputs.shape[1], c.Outputs.shape[2]);
        var before = last(c);
        var real = (torch.arange(t).unsqueeze(0) < c.Lengths.unsqueeze(1)).unsqueeze(-1);    // (B, T, 1)
        var changed = torch.where(real, c.Outputs, kit.Randn(ScalarType.Float64, b, t, h) * 100);
        var longer = torch.cat([changed, kit.Randn(ScalarType.Float64, b, 2, h) * 100], 1);
        foreach (var (what, other) in new[] { ("padded steps changed", c with { Outputs = changed }), ("2 more padded steps", c with { Outputs = longer }) })
            if (TensorDiff.Compare("padding invariance", $"with {what} {Describe(c)}, the result compared with before", before, last(other),
                    GuideBug + ": only a step before each sequence's length may be read.") is { } failed)
                return failed;
        return PropertyResult.Pass("padding invariance", "changing what the padded steps hold, or adding padded steps, changes nothing.");
    }

    static PropertyResult Extremes(CheckKit kit, Func<Case, Tensor> last)
    {
        var (t, h) = (kit.Int(3, 7), kit.Int(2, 4));
        var lengths = torch.tensor(new long[] { 1, t, 1, t, kit.Int(2, t - 1) });
        var c = new Case(kit.Randn(ScalarType.Float64, 5, t, h), lengths);
        if (TensorDiff.Compare("lengths of 1 and T", $"the last real steps {Describe(c)}", Reference(c.Outputs, c.Lengths), last(c), Cause([c], last)) is { } failed) return failed;
        var one = new Case(kit.Randn(ScalarType.Float64, 2, 1, h), torch.ones(2, ScalarType.Int64));
        if (TensorDiff.Compare("lengths of 1 and T", $"the last real steps {Describe(one)}", Reference(one.Outputs, one.Lengths), last(one)) is { } failedOne) return failedOne;
        return PropertyResult.Pass("lengths of 1 and T", "length 1 gives step 0, length T the last step, also when T = 1.");
    }

    static PropertyResult Gradients(CheckKit kit, Func<Case, Tensor> last)
    {
        var c = Make(kit, ScalarType.Float64, 4);
        var outputs = c.Outputs.detach().requires_grad_();
        var got = last(c with { Outputs = outputs });
        if (!got.requires_grad)
            return PropertyResult.Fail("gradients reach only the last real steps", "the result does not depend on outputs through autograd, so no gradient reaches the RNN.",
                "select with tensor operations (gather, index_select, indexing); no detach(), .data or copies through arrays.");
        var upstream = kit.Randn(ScalarType.Float64, got.shape);
        (got * upstream).sum().backward();
        var chosen = torch.zeros_like(c.Outputs).scatter(1, (c.Lengths - 1).view(-1, 1, 1).expand(-1, 1, c.Outputs.shape[2]), upstream.unsqueeze(1));
        if (outputs.grad is null)
            return PropertyResult.Fail("gradients reach only the last real steps", "no gradient reached outputs.", "no detach(): select with gather or indexing.");
        if (TensorDiff.Compare("gradients reach only the last real steps", $"the gradient of outputs {Describe(c)} (upstream at step length − 1, exactly 0 elsewhere)", chosen, outputs.grad,
                "only step length − 1 of each sequence is used, so only it may receive gradient: " + GuideBug + ".") is { } failed)
            return failed;
        return PropertyResult.Pass("gradients reach only the last real steps", "exactly step length − 1 of each sequence gets the upstream gradient; every other step gets 0.");
    }
}
