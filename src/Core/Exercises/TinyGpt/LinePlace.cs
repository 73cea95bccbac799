using NeuralNotebooks.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.TinyGpt;

/// <summary>
/// Where a character stands in its line: how many characters since the last break (punctuation or newline), the
/// break itself being place 0. A poem line has 5 or 7 characters between its punctuation, so this place says when
/// ，or 。 is due — a count a model can read at once instead of learning to count. It depends only on the text up
/// to and including that character, so it leaks nothing of the future. Places from <see cref="Last"/> on share one
/// value; <see cref="Unknown"/> marks characters before the first break in view.
/// </summary>
#region LinePlace
public static class LinePlace
{
    public const int Last = 15, Unknown = 16, Count = 17;

    /// <summary>The ids whose character is a break (punctuation or newline, i.e. not a letter); special tokens are not.</summary>
    public static bool[] Breaks(Vocabulary characters) => Enumerable.Range(0, characters.Count)
        .Select(id => id >= Vocabulary.Specials.Count && !char.IsLetter(characters.Token(id)[0])).ToArray();

    /// <summary>Places of character ids (B, T); <paramref name="isBreak"/> (V) marks the break ids.</summary>
    public static Tensor Of(Tensor tokens, Tensor isBreak)
    {
        var index = arange(tokens.shape[1], device: tokens.device).expand(tokens.shape[0], -1);   // (B, T): 0..T-1
        var lastBreak = where(isBreak[tokens], index, full_like(index, -1)).cummax(1).values;    // (B, T): index of the last break ≤ t, or −1
        return where(lastBreak.lt(0), full_like(index, Unknown), (index - lastBreak).clamp_max(Last));
    }

    /// <summary>The same places for a whole text.</summary>
    public static int[] Of(int[] text, bool[] isBreak)
    {
        var (places, lastBreak) = (new int[text.Length], -1);
        for (var t = 0; t < text.Length; t++)
        {
            if (isBreak[text[t]]) lastBreak = t;
            places[t] = lastBreak < 0 ? Unknown : Math.Min(t - lastBreak, Last);
        }
        return places;
    }
}
#endregion
