using System.Globalization;
using TorchSharp;

namespace NeuralNotebooks.Data;

/// <summary>
/// Token ↔ id table for text tasks. Conventions shared by every text data set here: id 0 is PAD
/// (padding, ignored by losses via <c>ignore_index: 0</c>), 1 BOS (start of a sequence), 2 EOS (end),
/// 3 UNK (a token not in the table); real tokens follow, most frequent first (ties in ordinal order),
/// so a vocabulary built from the same texts always has the same ids.
/// </summary>
public sealed class Vocabulary
{
    public const int Pad = 0, Bos = 1, Eos = 2, Unk = 3;
    public static readonly IReadOnlyList<string> Specials = ["<pad>", "<bos>", "<eos>", "<unk>"];

    readonly List<string> tokens;
    readonly Dictionary<string, int> ids;

    Vocabulary(IEnumerable<string> realTokens)
    {
        tokens = [.. Specials, .. realTokens];
        ids = tokens.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i);
    }

    /// <summary>From tokenised texts; tokens seen fewer than <paramref name="minCount"/> times become UNK.</summary>
    public static Vocabulary Build(IEnumerable<IEnumerable<string>> texts, int minCount = 1)
    {
        var counts = new Dictionary<string, int>();
        foreach (var text in texts)
            foreach (var token in text) counts[token] = counts.GetValueOrDefault(token) + 1;
        return new Vocabulary(counts.Where(kv => kv.Value >= minCount && !Specials.Contains(kv.Key))
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key));
    }

    /// <summary>A character vocabulary (one token per Unicode text element, so CJK and surrogate pairs stay whole).</summary>
    public static Vocabulary FromCharacters(IEnumerable<string> texts, int minCount = 1) => Build(texts.Select(Characters), minCount);

    /// <summary>A fixed vocabulary, in the order given, after the four special tokens.</summary>
    public static Vocabulary FromTokens(IEnumerable<string> tokens) => new(tokens.Distinct());

    public static IEnumerable<string> Characters(string text)
    {
        var e = StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext()) yield return e.GetTextElement();
    }

    public int Count => tokens.Count;
    public IReadOnlyList<string> Tokens => tokens;
    public int this[string token] => ids.TryGetValue(token, out var id) ? id : Unk;
    public string Token(int id) => id >= 0 && id < tokens.Count ? tokens[id] : throw new ArgumentOutOfRangeException(nameof(id), $"id {id} is outside 0..{tokens.Count - 1}.");

    public int[] Encode(IEnumerable<string> sequence, bool bos = false, bool eos = false) =>
        [.. bos ? [Bos] : Array.Empty<int>(), .. sequence.Select(t => this[t]), .. eos ? [Eos] : Array.Empty<int>()];

    public int[] EncodeCharacters(string text, bool bos = false, bool eos = false) => Encode(Characters(text), bos, eos);

    /// <summary>Tokens of the ids joined by <paramref name="separator"/>, skipping PAD and BOS and stopping at EOS.</summary>
    public string Decode(IEnumerable<long> sequence, string separator = "") =>
        string.Join(separator, sequence.TakeWhile(id => id != Eos).Where(id => id != Pad && id != Bos).Select(id => Token((int)id)));

    public string Decode(IEnumerable<int> sequence, string separator = "") => Decode(sequence.Select(i => (long)i), separator);

    /// <summary>
    /// Sequences as one int64 tensor [N, L] right-padded with PAD (L = the longest, or <paramref name="maxLength"/>
    /// with longer ones cut), and their lengths int64 [N] after cutting.
    /// </summary>
    public static (torch.Tensor Ids, torch.Tensor Lengths) PadSequences(IReadOnlyList<int[]> sequences, int? maxLength = null)
    {
        var length = maxLength ?? (sequences.Count == 0 ? 0 : sequences.Max(s => s.Length));
        var ids = new long[sequences.Count * length];
        var lengths = new long[sequences.Count];
        for (var i = 0; i < sequences.Count; i++)
        {
            lengths[i] = Math.Min(sequences[i].Length, length);
            for (var j = 0; j < lengths[i]; j++) ids[i * length + j] = sequences[i][j];
        }
        return (torch.tensor(ids).reshape(sequences.Count, length), torch.tensor(lengths));
    }
}
