namespace NeuralNotebooks.Exercises.TinyGpt;

/// <summary>
/// The counting language models a neural one must beat. Start from the add-one unigram p(c), then mix in each
/// context in turn (shortest first) where training saw it: p(c) ← w·count(context, c) / count(context) + (1 − w)·p(c);
/// a context training never saw leaves p as it was (backoff), so no probability is lost. With <see cref="Previous"/>
/// alone this is the interpolated bigram; with <see cref="Previous"/> then <see cref="PreviousTwo"/> the trigram; with
/// <see cref="PlaceInLine"/> and <see cref="PreviousAtPlace"/> it counts which character follows which at each place
/// in the line — the same line signal the GPT is given. The weights are chosen on validation text.
/// </summary>
public sealed class CountingModel
{
    /// <summary>For every position i of a text, a key for what precedes character i (null: that context does not exist there).</summary>
    public delegate long?[] Context(int[] text);

    public static long?[] Previous(int[] text) => [.. text.Select((_, i) => i >= 1 ? text[i - 1] : (long?)null)];
    public static long?[] PreviousTwo(int[] text) => [.. text.Select((_, i) => i >= 2 ? text[i - 2] * (1L << 24) + text[i - 1] : (long?)null)];
    public static Context PlaceInLine(bool[] isBreak) => text =>
    {
        var places = LinePlace.Of(text, isBreak);
        return [.. text.Select((_, i) => i >= 1 ? places[i - 1] : (long?)null)];
    };
    public static Context PreviousAtPlace(bool[] isBreak) => text =>
    {
        var places = LinePlace.Of(text, isBreak);
        return [.. text.Select((_, i) => i >= 1 ? text[i - 1] * 32L + places[i - 1] : (long?)null)];
    };

    readonly double[] unigram;
    readonly Context[] contexts;
    readonly Dictionary<long, (Dictionary<int, int> Next, int Total)>[] counts;

    public CountingModel(int[] train, int vocabularySize, params Context[] contexts)
    {
        var frequency = new double[vocabularySize];
        foreach (var c in train) frequency[c]++;
        unigram = [.. frequency.Select(n => (n + 1) / (train.Length + vocabularySize))];
        this.contexts = contexts;
        counts = [.. contexts.Select(context =>
        {
            var table = new Dictionary<long, (Dictionary<int, int> Next, int Total)>();
            var keys = context(train);
            for (var i = 0; i < train.Length; i++)
            {
                if (keys[i] is not long key) continue;
                var (next, total) = table.TryGetValue(key, out var seen) ? seen : (new Dictionary<int, int>(), 0);
                next[train[i]] = next.GetValueOrDefault(train[i]) + 1;
                table[key] = (next, total + 1);
            }
            return table;
        })];
    }

    /// <summary>exp of the mean −log p of characters 1.. of <paramref name="text"/> (the first has nothing before it), one weight per context.</summary>
    public double Perplexity(int[] text, IReadOnlyList<double> weights) => Perplexity(Estimates(text), weights);

    /// <summary>The weights (one per context, each from <paramref name="grid"/>) with the lowest perplexity on <paramref name="validation"/>.</summary>
    public double[] FitWeights(int[] validation, IReadOnlyList<double> grid)
    {
        var estimates = Estimates(validation);
        IEnumerable<double[]> All(int n) => n == 0 ? [[]] : All(n - 1).SelectMany(w => grid.Select(g => (double[])[.. w, g]));
        return All(contexts.Length).MinBy(w => Perplexity(estimates, w))!;
    }

    // Per character: the unigram estimate, then count(context, c) / count(context) for each context (NaN where unseen).
    double[][] Estimates(int[] text)
    {
        var keys = contexts.Select(context => context(text)).ToArray();
        return [.. Enumerable.Range(1, text.Length - 1).Select(i => (double[])[unigram[text[i]], .. counts.Select((table, k) =>
            keys[k][i] is long key && table.TryGetValue(key, out var seen) ? (double)seen.Next.GetValueOrDefault(text[i]) / seen.Total : double.NaN)])];
    }

    static double Perplexity(double[][] estimates, IReadOnlyList<double> weights) => Math.Exp(-estimates.Average(e =>
    {
        var p = e[0];
        for (var k = 0; k < weights.Count; k++)
            if (!double.IsNaN(e[k + 1])) p = weights[k] * e[k + 1] + (1 - weights[k]) * p;
        return Math.Log(p);
    }));
}
