using NeuralNotebooks.Data.Synthetic;

namespace NeuralNotebooks.Exercises.NerTagger;

/// <summary>
/// The strongest simple NER baseline: a gazetteer learned from the training sentences. Every word gets the tag it
/// had most often in training; a word never seen gets O. It knows every training name and no context, so it fails
/// on ambiguous words ("jordan" the person or the country) and on every name it never saw.
/// </summary>
public sealed class LookupTagger
{
    readonly Dictionary<string, string> tagOf;

    public LookupTagger(IEnumerable<TaggedSentence> training) =>
        tagOf = training.SelectMany(s => s.Words.Zip(s.Tags)).GroupBy(p => p.First)
            .ToDictionary(g => g.Key, g => g.GroupBy(p => p.Second).OrderByDescending(t => t.Count()).ThenBy(t => t.Key, StringComparer.Ordinal).First().Key);

    public IReadOnlyList<string> Tag(IReadOnlyList<string> words) => words.Select(w => tagOf.GetValueOrDefault(w, "O")).ToArray();

    public IReadOnlyList<IReadOnlyList<string>> Tag(IEnumerable<TaggedSentence> sentences) => sentences.Select(s => Tag(s.Words)).ToArray();
}
