using NeuralNotebooks.Data.Synthetic;

namespace NeuralNotebooks.Exercises.NerTagger;

/// <summary>
/// Entity-level precision, recall and F1: a predicted entity counts only if its type AND both boundaries
/// match a gold entity exactly (spans read from BIO tags as conlleval reads them, by
/// <see cref="EntitySentences.Spans"/>). Per-token accuracy hides failures (most tokens are O); this does not.
/// </summary>
public sealed record EntityScores(int Gold, int Predicted, int Correct)
{
    public double Precision => Predicted == 0 ? 0 : (double)Correct / Predicted;
    public double Recall => Gold == 0 ? 0 : (double)Correct / Gold;
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>Scores over a corpus: one gold and one predicted tag sequence per sentence, same lengths.</summary>
    public static EntityScores Compute(IReadOnlyList<IReadOnlyList<string>> gold, IReadOnlyList<IReadOnlyList<string>> predicted)
    {
        if (gold.Count != predicted.Count)
            throw new ArgumentException($"Expected as many predicted sequences as gold ones ({gold.Count}), got {predicted.Count}.");
        int goldCount = 0, predictedCount = 0, correct = 0;
        for (var s = 0; s < gold.Count; s++)
        {
            if (gold[s].Count != predicted[s].Count)
                throw new ArgumentException($"Sentence {s}: {gold[s].Count} gold tags but {predicted[s].Count} predicted; they must align token by token.");
            var goldSpans = EntitySentences.Spans(gold[s]).ToHashSet();
            var predictedSpans = EntitySentences.Spans(predicted[s]);
            goldCount += goldSpans.Count;
            predictedCount += predictedSpans.Count;
            correct += predictedSpans.Count(goldSpans.Contains);
        }
        return new EntityScores(goldCount, predictedCount, correct);
    }

    public override string ToString() => $"P {Precision:P1}  R {Recall:P1}  F1 {F1:P1}  ({Correct} of {Gold} gold, {Predicted} predicted)";
}
