using TorchSharp;

namespace NeuralNotebooks.Data.Synthetic;

/// <summary>
/// Source → target text pairs for sequence-to-sequence tasks, each side tokenised by
/// <see cref="Tokenize"/> into its own <see cref="Vocabulary"/> (PAD 0, BOS 1, EOS 2, UNK 3).
/// </summary>
public sealed record SequencePairs(
    IReadOnlyList<(string Source, string Target)> Pairs,
    Func<string, IEnumerable<string>> Tokenize,
    Vocabulary SourceVocabulary,
    Vocabulary TargetVocabulary,
    string Source)
{
    public static SequencePairs Create(IReadOnlyList<(string Source, string Target)> pairs, Func<string, IEnumerable<string>> tokenize, string source) =>
        new(pairs, tokenize,
            Vocabulary.Build(pairs.Select(p => tokenize(p.Source))),
            Vocabulary.Build(pairs.Select(p => tokenize(p.Target))),
            source);

    /// <summary>
    /// Tensors, in this order: source ids [N, S] (ending in EOS), target ids [N, T] (BOS … EOS),
    /// source lengths [N], target lengths [N]; all int64, PAD-padded. Teacher forcing feeds
    /// target[:, :-1] and predicts target[:, 1:].
    /// </summary>
    public TensorDataset ToDataset()
    {
        using var scope = torch.NewDisposeScope();
        var (sources, sourceLengths) = Vocabulary.PadSequences(Pairs.Select(p => SourceVocabulary.Encode(Tokenize(p.Source), eos: true)).ToArray());
        var (targets, targetLengths) = Vocabulary.PadSequences(Pairs.Select(p => TargetVocabulary.Encode(Tokenize(p.Target), bos: true, eos: true)).ToArray());
        return new TensorDataset([sources, targets, sourceLengths, targetLengths], Source);
    }

    /// <summary>One character per token (dates).</summary>
    public static IEnumerable<string> Characters(string text) => Vocabulary.Characters(text);

    /// <summary>Lower-case words, with ?,.! as tokens of their own (dialogue).</summary>
    public static IEnumerable<string> Words(string text) =>
        text.ToLowerInvariant().Replace("?", " ?").Replace(",", " ,").Replace(".", " .").Replace("!", " !")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
