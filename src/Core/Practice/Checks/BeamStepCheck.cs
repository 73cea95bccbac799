using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice.Checks;

/// <summary>
/// Exercise 14: one step of beam search, against an exhaustive enumeration of all k·V continuations written in plain
/// C#: shapes (1 beam and more, several widths and vocabularies), values (the top `width` over all continuations, best
/// first), width 1 = greedy, sums of log-probabilities (running scores near −800, where products of probabilities
/// underflow to 0), finished hypotheses carried over unchanged and not extended, and ties broken deterministically
/// (lower beam, then lower token).
/// </summary>
public sealed class BeamStepCheck : IExerciseCheck
{
    const long Eos = 2;

    sealed record Case(Tensor Scores, Tensor LogProbs, Tensor Finished, int Width);
    sealed record Step(long[] Beam, long[] Token, double[] Score);

    public IReadOnlyList<PropertyResult> Run(Learner learner, int seed)
    {
        var kit = new CheckKit(seed);
        var step = learner.Function<Func<Tensor, Tensor, Tensor, int, long, (Tensor, Tensor, Tensor)>>(0);
        (Tensor Beam, Tensor Token, Tensor Score) Call(Case c) => learner.Run(0, () => step(c.Scores, c.LogProbs, c.Finished, c.Width, Eos));

        var plain = kit.Batches().Take(3).Select(b => Make(kit, Math.Min(b, 6), kit.Int(4, 9), finished: false)).ToArray();
        // One strong beam whose two best continuations beat everything of the weak one: the per-beam mistake shows.
        var strong = Make(kit, 2, 5, finished: false) with { Scores = torch.tensor(new[] { -0.1, -20.0 }), Width = 2 };
        plain = [.. plain, strong];
        var withFinished = new[] { Make(kit, 3, kit.Int(4, 8), finished: true), Make(kit, 5, kit.Int(4, 8), finished: true) };

        return CheckKit.InOrder(
            ("shapes", [], () => Shapes(plain.Concat(withFinished).ToArray(), Call)),
            ("values: top-k over all continuations", ["shapes"], () => Values("values: top-k over all continuations", plain, Call, PerBeamCause)),
            ("width 1 = greedy", ["shapes"], () => Greedy(kit, Call)),
            ("sums of log-probabilities", ["shapes"], () => Values("sums of log-probabilities", [Underflow(kit)], Call,
                (_, _) => "multiplying probabilities underflows: with running scores near −800, exp(score) is exactly 0 and every candidate ties at 0. Add log-probabilities: scores.unsqueeze(1) + logProbs.")),
            ("finished hypotheses not extended", ["shapes"], () => Finished(withFinished, Call)),
            ("ties: deterministic order", ["shapes"], () => Ties(Call)));
    }

    /// <summary>k hypotheses with scores below 0, log-softmax rows over V tokens; some finished (never all), width up to the finite candidates.</summary>
    static Case Make(CheckKit kit, int k, int v, bool finished)
    {
        var scores = -kit.Rand(ScalarType.Float64, k) * 5;
        var logProbs = (kit.Randn(ScalarType.Float64, k, v) * 2).log_softmax(-1);
        var done = finished ? kit.Rand(ScalarType.Float32, k) < 0.5 : torch.zeros(k, ScalarType.Bool);
        if (finished) { done[0].fill_(true); done[k - 1].fill_(false); }
        var live = k - done.sum().item<long>();
        var finite = (int)(live * v + (k - live));
        return new Case(scores, logProbs, done, kit.Int(1, Math.Min(finite, 2 * k + 2)));
    }

    static Case Underflow(CheckKit kit)
    {
        var c = Make(kit, 4, 6, finished: false);
        return c with { Scores = c.Scores - 800, Width = 5 };
    }

    /// <summary>The oracle: every candidate (beam, token, score) listed, sorted by score descending, ties by beam then token.</summary>
    static Step Exhaustive(Case c)
    {
        var (k, v) = ((int)c.LogProbs.shape[0], (int)c.LogProbs.shape[1]);
        var s = c.Scores.to(ScalarType.Float64).data<double>().ToArray();
        var lp = c.LogProbs.to(ScalarType.Float64).contiguous().data<double>().ToArray();
        var done = c.Finished.data<bool>().ToArray();
        var all = new List<(long Beam, long Token, double Score)>();
        for (int b = 0; b < k; b++)
            for (int t = 0; t < v; t++)
                all.Add((b, t, done[b] ? (t == Eos ? s[b] : double.NegativeInfinity) : s[b] + lp[b * v + t]));
        var top = all.OrderByDescending(x => x.Score).ThenBy(x => x.Beam).ThenBy(x => x.Token).Take(Math.Min(c.Width, k * v)).ToArray();
        return new Step(top.Select(x => x.Beam).ToArray(), top.Select(x => x.Token).ToArray(), top.Select(x => x.Score).ToArray());
    }

    static Step Read((Tensor Beam, Tensor Token, Tensor Score) got) => new(
        got.Beam.to(ScalarType.Int64).contiguous().data<long>().ToArray(),
        got.Token.to(ScalarType.Int64).contiguous().data<long>().ToArray(),
        got.Score.to(ScalarType.Float64).contiguous().data<double>().ToArray());

    static string Show(Step s) => string.Join(", ", s.Beam.Select((b, i) => $"(beam {b}, token {s.Token[i]}, {s.Score[i]:F4})"));

    static string What(Case c) => $"k = {c.LogProbs.shape[0]} beams, V = {c.LogProbs.shape[1]}, width {c.Width}";

    /// <summary>Null when the learner's step lists the oracle's candidates in the oracle's order.</summary>
    static string? Differs(Step want, Step got)
    {
        if (!want.Beam.SequenceEqual(got.Beam) || !want.Token.SequenceEqual(got.Token))
            return $"expected {Show(want)}; got {Show(got)}.";
        for (int i = 0; i < want.Score.Length; i++)
            if (!(Math.Abs(want.Score[i] - got.Score[i]) <= 1e-9 + 1e-7 * Math.Abs(want.Score[i])) && !(double.IsNegativeInfinity(want.Score[i]) && double.IsNegativeInfinity(got.Score[i])))
                return $"candidate {i} (beam {want.Beam[i]}, token {want.Token[i]}): score {got.Score[i]:G6}, expected {want.Score[i]:G6} (the running score plus the token's log-probability).";
        return null;
    }

    static PropertyResult Shapes(Case[] cases, Func<Case, (Tensor Beam, Tensor Token, Tensor Score)> call)
    {
        foreach (var c in cases)
        {
            var got = call(c);
            var n = Math.Min(c.Width, c.LogProbs.numel());
            foreach (var (name, t) in new[] { ("beam", got.Beam), ("token", got.Token), ("score", got.Score) })
                if (t is null || !t.shape.SequenceEqual([n]))
                    return PropertyResult.Fail("shapes", $"{What(c)}: {name} should be [{n}] (one entry per new hypothesis), got {(t is null ? "null" : TensorDiff.Shape(t))}.",
                        "the new beam has `width` hypotheses whatever k is: flatten the (k, V) candidates and keep the best `width`, not `width` per beam.");
        }
        return PropertyResult.Pass("shapes", "beam, token and score have `width` entries for 1 beam and more, several widths and vocabularies.");
    }

    static string PerBeamCause(Step want, Step got) =>
        MostFromOneBeam(got) < MostFromOneBeam(want)
            ? "top-k per beam: each beam contributes its own best tokens, but two continuations of one strong beam can both beat every continuation of a weak one. Flatten the (k, V) scores and take the top `width` over all k·V at once."
            : "score every continuation scores[b] + logProbs[b, v], flatten (k·V), sort descending and keep the first `width`; beam = index / V, token = index % V.";

    /// <summary>How many candidates the most represented beam has: a per-beam top-k caps it.</summary>
    static int MostFromOneBeam(Step s) => s.Beam.Length == 0 ? 0 : s.Beam.GroupBy(b => b).Max(g => g.Count());

    static PropertyResult Values(string property, Case[] cases, Func<Case, (Tensor Beam, Tensor Token, Tensor Score)> call, Func<Step, Step, string> cause)
    {
        foreach (var c in cases)
        {
            var want = Exhaustive(c);
            var got = Read(call(c));
            if (Differs(want, got) is { } detail) return PropertyResult.Fail(property, $"{What(c)}: {detail}", cause(want, got));
        }
        return PropertyResult.Pass(property, property == "sums of log-probabilities"
            ? "with running scores near −800 the step still ranks and scores candidates exactly: log-probabilities are added."
            : "equal to an exhaustive enumeration of all k·V continuations, best first, for 1 beam and more.");
    }

    static PropertyResult Greedy(CheckKit kit, Func<Case, (Tensor Beam, Tensor Token, Tensor Score)> call)
    {
        foreach (var k in new[] { 1, kit.Int(2, 5) })
        {
            var c = Make(kit, k, kit.Int(4, 9), finished: false) with { Width = 1 };
            var total = c.Scores.unsqueeze(1) + c.LogProbs;
            var best = total.reshape(-1).argmax().item<long>();
            var got = Read(call(c));
            var v = c.LogProbs.shape[1];
            if (got.Beam.Length != 1 || got.Beam[0] != best / v || got.Token[0] != best % v)
                return PropertyResult.Fail("width 1 = greedy", $"{What(c)}: expected the single best continuation (beam {best / v}, token {best % v}); got {Show(got)}.",
                    "with width 1 beam search is greedy decoding: the one candidate with the highest running score plus log-probability.");
        }
        return PropertyResult.Pass("width 1 = greedy", "width 1 keeps exactly the arg-max continuation, from 1 beam and from several.");
    }

    static PropertyResult Finished(Case[] cases, Func<Case, (Tensor Beam, Tensor Token, Tensor Score)> call)
    {
        foreach (var c in cases)
        {
            var got = Read(call(c));
            var done = c.Finished.data<bool>().ToArray();
            var s = c.Scores.data<double>().ToArray();
            for (int i = 0; i < got.Beam.Length; i++)
            {
                var b = (int)got.Beam[i];
                if (b >= 0 && b < done.Length && done[b] && (got.Token[i] != Eos || Math.Abs(got.Score[i] - s[b]) > 1e-9))
                    return PropertyResult.Fail("finished hypotheses not extended", $"{What(c)}: beam {b} has ended with EOS, yet candidate {i} continues it with token {got.Token[i]}, score {got.Score[i]:G6} (it should appear once, as EOS, with its score {s[b]:G6}).",
                        "extending a finished hypothesis: after EOS nothing follows. Give a finished beam one candidate, itself with its score unchanged (EOS again), and −∞ for every other token.");
            }
            if (Differs(Exhaustive(c), got) is { } detail)
                return PropertyResult.Fail("finished hypotheses not extended", $"{What(c)}, beams {string.Join(", ", done.Select((d, b) => (d, b)).Where(x => x.d).Select(x => x.b))} finished: {detail}",
                    "a finished hypothesis competes for a place with its unchanged score (it is carried over, not dropped), and it takes one place only.");
        }
        return PropertyResult.Pass("finished hypotheses not extended", "finished hypotheses are carried over once, as EOS with their score unchanged, and compete with the live continuations.");
    }

    static PropertyResult Ties(Func<Case, (Tensor Beam, Tensor Token, Tensor Score)> call)
    {
        // Three beams with equal scores and identical rows holding repeated values: many exact ties.
        var row = torch.tensor(new[] { -1.0, -0.5, -0.5, -2.0, -0.5 });
        var c = new Case(torch.zeros(3, ScalarType.Float64), row.unsqueeze(0).expand(3, 5).contiguous(), torch.zeros(3, ScalarType.Bool), 7);
        var want = Exhaustive(c);
        var first = Read(call(c));
        var second = Read(call(c));
        if (Differs(first, second) is { } changed)
            return PropertyResult.Fail("ties: deterministic order", $"the same inputs twice gave different beams: {changed}", "nothing random in a beam step: sort, do not sample.");
        if (Differs(want, first) is { } detail)
            return PropertyResult.Fail("ties: deterministic order", $"{What(c)}, many equal candidates: {detail}",
                "ties go to the lower beam, then the lower token, so a run can be repeated and compared: sort the flattened scores with sort(descending: true, stable: true) (topk does not promise an order among equals).");
        return PropertyResult.Pass("ties: deterministic order", "equal candidates come out lower beam first, then lower token, and the same inputs give the same beam.");
    }
}
