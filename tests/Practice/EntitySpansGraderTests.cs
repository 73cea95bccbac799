using NeuralNotebooks.Practice;
using static NeuralNotebooks.Tests.Practice.GraderKit;

namespace NeuralNotebooks.Tests.Practice;

/// <summary>The grader of practice 13 (BIO tags → entity spans; entity-level precision, recall and F1).</summary>
public class EntitySpansGraderTests
{
    static readonly Delegate[] Reference = PracticeCatalog.Reference(PracticeCatalog.Practice("13"));
    static readonly Func<IReadOnlyList<string>, List<(string, int, int)>> ReferenceSpans = (Func<IReadOnlyList<string>, List<(string, int, int)>>)Reference[0];
    static readonly Func<IReadOnlyList<IReadOnlyList<string>>, IReadOnlyList<IReadOnlyList<string>>, (double, double, double)> ReferenceF1 =
        (Func<IReadOnlyList<IReadOnlyList<string>>, IReadOnlyList<IReadOnlyList<string>>, (double, double, double)>)Reference[1];

    static CheckReport Check(Func<IReadOnlyList<string>, List<(string, int, int)>>? spans = null,
        Func<IReadOnlyList<IReadOnlyList<string>>, IReadOnlyList<IReadOnlyList<string>>, (double, double, double)>? f1 = null) =>
        NeuralNotebooks.Practice.Practice.Check("13", spans ?? ReferenceSpans, f1 ?? ReferenceF1);

    [Fact]
    public void The_reference_passes() => AssertPasses(NeuralNotebooks.Practice.Practice.Check("13", Reference));

    /// <summary>Written differently: spans by scanning for each entity's end with a while loop; F1 from multisets of (sentence, span) in one pass.</summary>
    [Fact]
    public void A_while_loop_scanner_and_a_corpus_set_F1_pass() => AssertPasses(Check(
        tags =>
        {
            var result = new List<(string, int, int)>();
            var i = 0;
            while (i < tags.Count)
            {
                if (tags[i] == "O") { i++; continue; }
                var type = tags[i][2..];
                var end = i + 1;
                while (end < tags.Count && tags[end] == "I-" + type) end++;
                result.Add((type, i, end));
                i = end;
            }
            return result;
        },
        (gold, predicted) =>
        {
            var g = gold.SelectMany((s, n) => ReferenceSpans(s).Select(x => (n, x))).ToList();
            var p = predicted.SelectMany((s, n) => ReferenceSpans(s).Select(x => (n, x))).ToList();
            var correct = p.Count(g.Contains);
            var precision = p.Count > 0 ? correct / (double)p.Count : 0;
            var recall = g.Count > 0 ? correct / (double)g.Count : 0;
            return (precision, recall, correct == 0 ? 0 : 2.0 * correct / (p.Count + g.Count));
        }));

    [Fact]
    public void Dropping_entities_at_the_end_fails_spans()
    {
        AssertFails(Check(spans: tags => ReferenceSpans(tags).Where(s => s.Item3 < tags.Count).ToList()), "spans: edge cases", "last token");
    }

    /// <summary>Token accuracy over entity tokens passed off as F1 — and the guide has no entity-level evaluation at all.</summary>
    [Fact]
    public void Counting_tokens_fails_entities_not_tokens()
    {
        var report = Check(f1: (gold, predicted) =>
        {
            int right = 0, goldTokens = 0, predictedTokens = 0;
            for (int s = 0; s < gold.Count; s++)
                for (int t = 0; t < gold[s].Count; t++)
                {
                    if (gold[s][t] != "O") goldTokens++;
                    if (predicted[s][t] != "O") predictedTokens++;
                    if (gold[s][t] != "O" && gold[s][t] == predicted[s][t]) right++;
                }
            var p = predictedTokens == 0 ? 0 : right / (double)predictedTokens;
            var r = goldTokens == 0 ? 0 : right / (double)goldTokens;
            return (p, r, p + r == 0 ? 0 : 2 * p * r / (p + r));
        });
        AssertFails(report, "F1: entities, not tokens", "counting tokens");
        AssertFails(report, "F1: values", "count entities, not tokens");
    }

    [Fact]
    public void Ignoring_the_type_fails_entities_not_tokens()
    {
        AssertFails(Check(f1: (gold, predicted) => ReferenceF1(
                gold.Select(s => (IReadOnlyList<string>)s.Select(t => t == "O" ? t : t[..2] + "X").ToArray()).ToArray(),
                predicted.Select(s => (IReadOnlyList<string>)s.Select(t => t == "O" ? t : t[..2] + "X").ToArray()).ToArray())),
            "F1: entities, not tokens", "ignoring the type");
    }

    [Fact]
    public void Dividing_by_zero_fails_no_entities()
    {
        AssertFails(Check(f1: (gold, predicted) =>
        {
            var (p, r, _) = ReferenceF1(gold, predicted);
            return (p, r, 2 * p * r / (p + r));
        }), "F1: no entities", "0 / 0");
    }
}
