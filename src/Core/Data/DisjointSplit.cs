namespace NeuralNotebooks.Data;

/// <summary>
/// Row indices of a train / validation / test split in which no key (a sentence, a question, a sequence written
/// out as text) falls in two parts. A generator that can repeat itself would otherwise put copies of training
/// examples into the held-out parts, and the held-out score would measure memory. The distinct keys are shuffled
/// with the seed and cut by the fractions; every row follows its key. Training keeps its repeats (they only weight
/// the loss); validation and test keep one row per key, so each distinct example is scored once.
/// </summary>
public sealed record DisjointSplit(long[] Train, long[] Validation, long[] Test)
{
    public static DisjointSplit ByKey(IReadOnlyList<string> keys, double validation, double test, int seed)
    {
        if (validation < 0 || test < 0 || validation + test >= 1)
            throw new ArgumentException($"Split fractions must be >= 0 and leave some training data; got validation {validation}, test {test}.");
        var distinct = keys.Distinct().ToArray();
        var order = Shuffling.Permutation(distinct.Length, new Random(seed));
        var validationCount = (int)Math.Round(distinct.Length * validation);
        var testCount = (int)Math.Round(distinct.Length * test);
        var part = new Dictionary<string, int>();                   // key → 0 train, 1 validation, 2 test
        for (var i = 0; i < order.Length; i++)
            part[distinct[order[i]]] = i < validationCount ? 1 : i < validationCount + testCount ? 2 : 0;
        var rows = new[] { new List<long>(), new List<long>(), new List<long>() };
        var taken = new HashSet<string>();
        for (var row = 0; row < keys.Count; row++)
        {
            var p = part[keys[row]];
            if (p == 0 || taken.Add(keys[row])) rows[p].Add(row);
        }
        return new DisjointSplit(rows[0].ToArray(), rows[1].ToArray(), rows[2].ToArray());
    }

    /// <summary>How many of <paramref name="heldOut"/> occur in <paramref name="training"/>, word for word.</summary>
    public static int Overlap(IEnumerable<string> heldOut, IEnumerable<string> training)
    {
        var seen = training.ToHashSet();
        return heldOut.Count(seen.Contains);
    }
}
