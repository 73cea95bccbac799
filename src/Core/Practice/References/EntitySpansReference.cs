#nullable disable
namespace NeuralNotebooks.Practice.References;

/// <summary>
/// Exercise 13's reference: BIO tags → entity spans (type, start, end exclusive), read as conlleval reads them (an
/// I- without a preceding B- of its type starts an entity; a change of type starts a new one), and entity-level
/// precision, recall and F1 over a corpus (exact type and boundaries), as the course's EntityScores computes them.
/// </summary>
public sealed class EntitySpansReference
{
    #region Exercise13
    List<(string type, int start, int end)> Spans(IReadOnlyList<string> tags)
    {
        var spans = new List<(string type, int start, int end)>();
        string type = null;
        var start = 0;
        // One step past the end, reading "O" there, closes an entity that runs to the sentence's last token.
        for (var i = 0; i <= tags.Count; i++)
        {
            var tag = i < tags.Count ? tags[i] : "O";
            if (type != null && tag == "I-" + type) continue;            // the entity goes on
            if (type != null) spans.Add((type, start, i));                // anything else closes it
            // B-X starts an entity; so does I-X after O or after another type (conlleval's reading).
            type = tag.Length > 2 && (tag[0] == 'B' || tag[0] == 'I') && tag[1] == '-' ? tag[2..] : null;
            start = i;
        }
        return spans;
    }

    (double precision, double recall, double f1) EntityF1(IReadOnlyList<IReadOnlyList<string>> gold, IReadOnlyList<IReadOnlyList<string>> predicted)
    {
        // Entities, not tokens: a predicted entity is correct only with the same type, start and end as a gold one.
        int goldCount = 0, predictedCount = 0, correct = 0;
        for (var s = 0; s < gold.Count; s++)
        {
            var goldSpans = Spans(gold[s]).ToHashSet();
            var predictedSpans = Spans(predicted[s]);
            goldCount += goldSpans.Count;
            predictedCount += predictedSpans.Count;
            correct += predictedSpans.Count(goldSpans.Contains);
        }
        // No entities at all gives 0, never 0 / 0.
        var precision = predictedCount == 0 ? 0 : (double)correct / predictedCount;
        var recall = goldCount == 0 ? 0 : (double)correct / goldCount;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return (precision, recall, f1);
    }
    #endregion

    /// <summary>The reference as the grader calls it.</summary>
    public static Delegate[] Functions()
    {
        var r = new EntitySpansReference();
        return
        [
            new Func<IReadOnlyList<string>, List<(string, int, int)>>(r.Spans),
            new Func<IReadOnlyList<IReadOnlyList<string>>, IReadOnlyList<IReadOnlyList<string>>, (double, double, double)>(r.EntityF1),
        ];
    }
}
