using NeuralNotebooks.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.TinyGpt;

/// <summary>A character-level text as training material: next-character windows and the unigram baseline a language model must beat.</summary>
public static class CharacterText
{
    /// <summary>(inputs, targets) windows of <paramref name="context"/> characters, targets shifted by one, every <paramref name="stride"/> characters.</summary>
    public static TensorDataset Windows(int[] text, int context, int stride)
    {
        using var scope = NewDisposeScope();
        var ids = tensor(text.Select(c => (long)c).ToArray());
        var windows = ids.unfold(0, context + 1, stride);                                        // (N, context + 1)
        return new TensorDataset([windows[.., ..^1], windows[.., 1..]], $"{windows.shape[0]} windows of {context} characters");
    }

    /// <summary>exp of the cross-entropy of <paramref name="evaluated"/> under the training text's character frequencies (add-one smoothed).</summary>
    public static double UnigramPerplexity(int[] train, int[] evaluated, int vocabularySize)
    {
        var counts = new double[vocabularySize];
        foreach (var c in train) counts[c]++;
        var total = train.Length + vocabularySize;
        return Math.Exp(evaluated.Average(c => -Math.Log((counts[c] + 1) / total)));
    }

    /// <summary>
    /// exp of the cross-entropy of <paramref name="evaluated"/> under a bigram model of the training text, interpolated
    /// with the add-one unigram: p(c | b) = w·count(b c) / count(b) + (1 − w)·p(c). Pick <paramref name="weight"/> on validation text.
    /// </summary>
    public static double BigramPerplexity(int[] train, int[] evaluated, int vocabularySize, double weight)
    {
        var unigram = new double[vocabularySize];
        var pairs = new Dictionary<(int, int), int>();
        var before = new double[vocabularySize];
        for (var i = 0; i < train.Length; i++)
        {
            unigram[train[i]]++;
            if (i == 0) continue;
            before[train[i - 1]]++;
            pairs[(train[i - 1], train[i])] = pairs.GetValueOrDefault((train[i - 1], train[i])) + 1;
        }
        var total = train.Length + vocabularySize;
        double LogP(int b, int c)
        {
            var bigram = before[b] > 0 ? pairs.GetValueOrDefault((b, c)) / before[b] : 0;
            return Math.Log(weight * bigram + (1 - weight) * (unigram[c] + 1) / total);
        }
        return Math.Exp(-Enumerable.Range(1, evaluated.Length - 1).Average(i => LogP(evaluated[i - 1], evaluated[i])));
    }
}
