using NeuralNotebooks.Practice;
using TorchSharp;
using static TorchSharp.torch;
using static NeuralNotebooks.Tests.Practice.GraderKit;

namespace NeuralNotebooks.Tests.Practice;

/// <summary>The grader of practice 14 (one step of beam search).</summary>
public class BeamStepGraderTests
{
    static readonly Delegate[] Reference = PracticeCatalog.Reference(PracticeCatalog.Practice("14"));
    static readonly Func<Tensor, Tensor, Tensor, int, long, (Tensor, Tensor, Tensor)> ReferenceStep = (Func<Tensor, Tensor, Tensor, int, long, (Tensor, Tensor, Tensor)>)Reference[0];

    static CheckReport Check(Func<Tensor, Tensor, Tensor, int, long, (Tensor, Tensor, Tensor)> step) => NeuralNotebooks.Practice.Practice.Check("14", step);

    [Fact]
    public void The_reference_passes() => AssertPasses(NeuralNotebooks.Practice.Practice.Check("14", Reference));

    /// <summary>Written differently: plain loops over every candidate and a LINQ ordering, tensors only at the edges.</summary>
    [Fact]
    public void A_loop_over_all_candidates_passes() => AssertPasses(Check((scores, logProbs, finished, width, eos) =>
    {
        var (k, v) = ((int)logProbs.shape[0], (int)logProbs.shape[1]);
        var s = scores.data<double>().ToArray();
        var lp = logProbs.contiguous().data<double>().ToArray();
        var done = finished.data<bool>().ToArray();
        var candidates = new List<(long Beam, long Token, double Score)>();
        for (int b = 0; b < k; b++)
        {
            if (done[b]) { candidates.Add((b, eos, s[b])); continue; }
            for (int t = 0; t < v; t++) candidates.Add((b, t, s[b] + lp[b * v + t]));
        }
        var top = candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Beam).ThenBy(c => c.Token).Take(width).ToArray();
        return (torch.tensor(top.Select(c => c.Beam).ToArray()), torch.tensor(top.Select(c => c.Token).ToArray()), torch.tensor(top.Select(c => c.Score).ToArray()));
    }));

    /// <summary>The guide has no beam search, only one prediction: keeping the single best continuation, whatever the width.</summary>
    [Fact]
    public void Keeping_only_the_best_continuation_as_the_guide_does_fails() => AssertFails(Check((scores, logProbs, finished, width, eos) =>
    {
        var totals = (scores.unsqueeze(1) + logProbs).flatten();
        var best = totals.argmax().item<long>();
        var v = logProbs.shape[1];
        return (torch.tensor(new[] { best / v }), torch.tensor(new[] { best % v }), totals[best].unsqueeze(0));
    }), "shapes");

    [Fact]
    public void Top_k_per_beam_fails_values_and_names_it()
    {
        AssertFails(Check((scores, logProbs, finished, width, eos) =>
        {
            // Each beam keeps its own best ⌈width / k⌉ tokens; then the best `width` of those.
            var (k, v) = (logProbs.shape[0], logProbs.shape[1]);
            var each = (int)Math.Min(v, (width + k - 1) / k);
            var (values, tokens) = (scores.unsqueeze(1) + logProbs).topk(each, dim: 1);
            var beams = torch.arange(k).unsqueeze(1).expand(k, each);
            var (sorted, order) = values.reshape(-1).sort(descending: true, stable: true);
            var top = order.narrow(0, 0, Math.Min(width, order.shape[0]));
            return (beams.reshape(-1).index_select(0, top), tokens.reshape(-1).index_select(0, top), sorted.narrow(0, 0, top.shape[0]));
        }), "values: top-k over all continuations", "top-k per beam");
    }

    [Fact]
    public void Multiplying_probabilities_fails_sums_of_log_probabilities()
    {
        AssertFails(Check((scores, logProbs, finished, width, eos) =>
        {
            var product = scores.exp().unsqueeze(1) * logProbs.exp();                     // underflows to 0 near −800
            var (sorted, order) = product.reshape(-1).sort(descending: true, stable: true);
            var v = logProbs.shape[1];
            var top = order.narrow(0, 0, Math.Min(width, order.shape[0]));
            return (top.div(v, RoundingMode.floor), top.remainder(v), sorted.narrow(0, 0, top.shape[0]).log());
        }), "sums of log-probabilities", "underflow");
    }

    [Fact]
    public void Extending_finished_hypotheses_fails_and_names_it()
    {
        AssertFails(Check((scores, logProbs, finished, width, eos) => ReferenceStep(scores, logProbs, torch.zeros_like(finished), width, eos)),
            "finished hypotheses not extended", "extending a finished hypothesis");
    }

    [Fact]
    public void Ties_in_reverse_order_fail_ties()
    {
        AssertFails(Check((scores, logProbs, finished, width, eos) =>
        {
            // Correct candidates, but among equal scores the HIGHER index first.
            var (k, v) = (logProbs.shape[0], logProbs.shape[1]);
            var (beam, token, score) = ReferenceStep(scores.flip(0), logProbs.flip(0, 1), finished.flip(0), width, eos);
            return (beam.neg() + (k - 1), token.neg() + (v - 1), score);
        }), "ties: deterministic order", "lower beam");
    }
}
