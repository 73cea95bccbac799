using NeuralNotebooks.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.TinyGpt;

/// <summary>A character-level text as material for a language model: random training windows and evaluation windows that score every character once.</summary>
public static class CharacterText
{
    /// <summary>The target cross-entropy skips (TorchSharp's default <c>ignore_index</c>).</summary>
    public const long NotScored = -100;

    /// <summary>(inputs, targets) windows of <paramref name="context"/> characters, targets shifted by one, every <paramref name="stride"/> characters.</summary>
    public static TensorDataset Windows(int[] text, int context, int stride)
    {
        using var scope = NewDisposeScope();
        var ids = tensor(text.Select(c => (long)c).ToArray());
        var windows = ids.unfold(0, context + 1, stride);                                        // (N, context + 1)
        return new TensorDataset([windows[.., ..^1], windows[.., 1..]], $"{windows.shape[0]} windows of {context} characters");
    }

    /// <summary>
    /// Windows for scoring a held-out text: every character after the first is a target exactly once, and after the
    /// first window each is scored with at least half a context before it (windows overlap by half; the targets
    /// already scored are <see cref="NotScored"/>). Consecutive windows would score every window's first characters
    /// almost without context, which is not how the model is used and would flatter the counting baselines.
    /// </summary>
    public static TensorDataset EvaluationWindows(int[] text, int context)
    {
        if (text.Length < context + 1) throw new ArgumentException($"a text of {text.Length} characters is shorter than one window of {context} + 1.");
        var starts = new List<int>();
        for (var s = 0; s + context + 1 <= text.Length; s += context / 2) starts.Add(s);
        if (starts[^1] + context + 1 < text.Length) starts.Add(text.Length - context - 1);     // the tail
        var (inputs, targets, scoredUpTo) = (new long[starts.Count, context], new long[starts.Count, context], 0);
        for (var w = 0; w < starts.Count; w++)
            for (var j = 0; j < context; j++)
            {
                var t = starts[w] + j + 1;                                                            // index of the target character
                inputs[w, j] = text[t - 1];
                targets[w, j] = t > scoredUpTo ? text[t] : NotScored;
                if (j == context - 1) scoredUpTo = t;
            }
        return new TensorDataset([tensor(inputs), tensor(targets)], $"{starts.Count} half-overlapping windows of {context} characters");
    }
}
