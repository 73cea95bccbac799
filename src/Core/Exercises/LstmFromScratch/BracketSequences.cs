using NeuralNotebooks.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.LstmFromScratch;

/// <summary>
/// An order-only classification task: is a bracket sequence balanced ("(()())") or not ("())(()")? Every sequence has
/// as many '(' as ')' (between <see cref="MinPairs"/> and <see cref="MaxPairs"/> of each, length drawn uniformly), and
/// every one starts with '(' and ends with ')', so token counts, the first and the last token carry no signal: only
/// the running depth (never below zero) does. Half are balanced, drawn uniformly among the balanced sequences of
/// their length; half are not, drawn uniformly among the unbalanced ones (rejection sampling from random orderings).
/// </summary>
public sealed record BracketSequences(int MinPairs = 4, int MaxPairs = 12)
{
    /// <summary>The longest sequence, the padded width of the tensors.</summary>
    public int MaxLength => 2 * MaxPairs;

    /// <summary><paramref name="count"/> sequences as text with labels (1 balanced, 0 not), half of each in random order.</summary>
    public (string[] Texts, long[] Labels) Generate(int count, Random random)
    {
        if (MinPairs < 3 || MaxPairs < MinPairs)
            throw new ArgumentException($"BracketSequences needs 3 ≤ MinPairs ≤ MaxPairs (two pairs have no unbalanced form), got {this}.");
        var texts = new string[count];
        var labels = new long[count];
        for (var n = 0; n < count; n++)
        {
            labels[n] = random.Next(2);
            var pairs = random.Next(MinPairs, MaxPairs + 1);
            string text;
            do text = Shuffled(pairs, random); while (IsBalanced(text) != (labels[n] == 1));
            texts[n] = text;
        }
        return (texts, labels);
    }

    /// <summary>'(' then a random ordering of pairs − 1 of each bracket, then ')'.</summary>
    static string Shuffled(int pairs, Random random)
    {
        var middle = new char[2 * pairs - 2];
        for (var i = 0; i < middle.Length; i++) middle[i] = i < pairs - 1 ? '(' : ')';
        random.Shuffle(middle);
        return "(" + new string(middle) + ")";
    }

    /// <summary>True when the running depth never drops below zero and ends at zero.</summary>
    public static bool IsBalanced(string text)
    {
        var depth = 0;
        foreach (var c in text)
            if ((depth += c == '(' ? 1 : -1) < 0) return false;
        return depth == 0;
    }

    /// <summary>
    /// The model's data set [inputs (N, T, 2) float32: one-hot '(' / ')' and zeros after the end, labels (N) int64,
    /// lengths (N) int64], T = <see cref="MaxLength"/>.
    /// </summary>
    public TensorDataset ToDataset(IReadOnlyList<string> texts, IReadOnlyList<long> labels, string source)
    {
        var inputs = new float[texts.Count * MaxLength * 2];
        for (var n = 0; n < texts.Count; n++)
            for (var t = 0; t < texts[n].Length; t++)
                inputs[(n * MaxLength + t) * 2 + (texts[n][t] == '(' ? 0 : 1)] = 1f;
        return new TensorDataset([torch.tensor(inputs, [texts.Count, MaxLength, 2]), torch.tensor(labels.ToArray()),
            torch.tensor(texts.Select(t => (long)t.Length).ToArray())], source);
    }

    /// <summary>
    /// Order-free features for the baselines, (N, 3): the counts of '(' and of ')' and the length, each over
    /// <see cref="MaxLength"/>. Equal counts in both classes make this a control: it must stay near chance.
    /// </summary>
    public Tensor BagOfTokens(IReadOnlyList<string> texts) =>
        Features(texts, 3, (text, f) => { foreach (var c in text) f[c == '(' ? 0 : 1] += 1; f[2] = text.Length; }, MaxLength);

    /// <summary>
    /// Local-order features, (N, 3 + 4 + 8): the bag of tokens plus the counts of every bigram and trigram of brackets,
    /// each over the sequence's length. Order inside a window of three is kept; the order of the windows is lost.
    /// </summary>
    public Tensor BagOfNgrams(IReadOnlyList<string> texts) =>
        Features(texts, 15, (text, f) =>
        {
            foreach (var c in text) f[c == '(' ? 0 : 1] += 1f / text.Length;
            f[2] = text.Length / (float)MaxLength;
            for (var t = 1; t < text.Length; t++) f[3 + Bits(text, t - 1, 2)] += 1f / text.Length;
            for (var t = 2; t < text.Length; t++) f[7 + Bits(text, t - 2, 3)] += 1f / text.Length;
        });

    /// <summary>
    /// Tokens by position, (N, 2·<see cref="MaxLength"/>): the padded one-hot sequence flattened, as a linear model on
    /// pixels sees an image. It sees the order, but can only weigh each position separately.
    /// </summary>
    public Tensor Positions(IReadOnlyList<string> texts) => ToDataset(texts, new long[texts.Count], "positions").Inputs.flatten(1);

    static int Bits(string text, int start, int count)   // "()(" → 0b010
    {
        var value = 0;
        for (var i = start; i < start + count; i++) value = value * 2 + (text[i] == '(' ? 0 : 1);
        return value;
    }

    static Tensor Features(IReadOnlyList<string> texts, int width, Action<string, float[]> fill, float scale = 1)
    {
        var features = new float[texts.Count * width];
        var row = new float[width];
        for (var n = 0; n < texts.Count; n++)
        {
            Array.Clear(row);
            fill(texts[n], row);
            for (var j = 0; j < width; j++) features[n * width + j] = row[j] / scale;
        }
        return torch.tensor(features, [texts.Count, width]);
    }
}
