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
}
