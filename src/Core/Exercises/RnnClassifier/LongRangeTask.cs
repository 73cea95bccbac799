using TorchSharp;

namespace NeuralNotebooks.Exercises.RnnClassifier;

/// <summary>
/// A synthetic task with a long-range dependency: each sequence starts with one of <see cref="Classes"/>
/// signal tokens and continues with random noise tokens up to a random length; the label is the first
/// token. The classifier reads the sequence to the end, so it must carry the first token across the
/// whole sequence — exactly what a plain RNN's vanishing gradient makes hard and gates make easy.
/// Token 0 is padding, 1..Classes are signals, the rest noise. The noise draws from the signal tokens too, so
/// a bag of tokens cannot tell which signal came first: only the order answers, and a model must remember it.
/// </summary>
public sealed record LongRangeTask(int Classes = 4, int NoiseTokens = 16, int MinLength = 20, int MaxLength = 60)
{
    public int VocabularySize => 1 + Classes + NoiseTokens;

    /// <summary>
    /// <paramref name="count"/> sequences drawn from <paramref name="random"/>: tokens (N, MaxLength) int64
    /// padded with 0, lengths (N) int64, labels (N) int64 in [0, Classes).
    /// </summary>
    public (torch.Tensor Tokens, torch.Tensor Lengths, torch.Tensor Labels) Generate(int count, Random random)
    {
        if (Classes < 2 || NoiseTokens < 1 || MinLength < 2 || MaxLength < MinLength)
            throw new ArgumentException($"LongRangeTask needs Classes ≥ 2, NoiseTokens ≥ 1 and 2 ≤ MinLength ≤ MaxLength, got {this}.");
        var tokens = new long[count * MaxLength];
        var lengths = new long[count];
        var labels = new long[count];
        for (var n = 0; n < count; n++)
        {
            var length = random.Next(MinLength, MaxLength + 1);
            var label = random.Next(Classes);
            lengths[n] = length;
            labels[n] = label;
            tokens[n * MaxLength] = 1 + label;
            for (var t = 1; t < length; t++)
                tokens[n * MaxLength + t] = 1 + random.Next(Classes + NoiseTokens);   // signals recur as noise
        }
        return (torch.tensor(tokens, [count, MaxLength]), torch.tensor(lengths), torch.tensor(labels));
    }

    /// <summary>Each sequence as text ("3 17 9 …", its real tokens only): to find sequences that occur in two splits.</summary>
    public static string[] Keys(torch.Tensor tokens, torch.Tensor lengths)
    {
        var width = (int)tokens.shape[1];
        var ids = tokens.cpu().data<long>().ToArray();
        return lengths.cpu().data<long>().ToArray().Select((n, i) => string.Join(" ", new ArraySegment<long>(ids, i * width, (int)n))).ToArray();
    }
}
