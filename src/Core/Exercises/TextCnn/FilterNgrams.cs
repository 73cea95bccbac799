using NeuralNotebooks.Data;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.TextCnn;

/// <summary>One filter's strongest matches: the character n-grams (with the poem's dynasty) it kept in max-over-time.</summary>
public sealed record FilterMatches(int Width, int Filter, double SongVote, IReadOnlyList<(string Ngram, float Activation, Dynasty Dynasty)> Top);

/// <summary>What a text CNN keys on, read from its max-over-time positions.</summary>
public static class FilterNgrams
{
    /// <summary>
    /// The filters with the strongest vote for each class (<paramref name="songVote"/>: classifier weight for Song
    /// minus weight for Tang, one per pooled feature), each with the n-grams of <paramref name="poems"/> that excite
    /// it most. <paramref name="responses"/> are the model's activations per width, (N, F, T), for those poems.
    /// </summary>
    public static IReadOnlyList<FilterMatches> Top(IReadOnlyList<Tensor> responses, Tensor songVote, IReadOnlyList<int> widths,
        PoemCorpus poems, Tensor lengths, int filtersPerClass = 3, int top = 6)
    {
        using var scope = NewDisposeScope();
        var cpu = responses.Select(r => r.detach().cpu()).ToList();
        var vote = songVote.detach().cpu().data<float>().ToArray();
        var perWidth = vote.Length / widths.Count;
        var length = lengths.cpu().data<long>().ToArray();
        var chosen = Enumerable.Range(0, vote.Length).OrderByDescending(f => vote[f]).Take(filtersPerClass)
            .Concat(Enumerable.Range(0, vote.Length).OrderBy(f => vote[f]).Take(filtersPerClass));
        return chosen.Select(feature =>
        {
            var (w, f) = (feature / perWidth, feature % perWidth);
            var width = widths[w];
            var (best, at) = cpu[w][.., f].max(1);   // per poem: strongest window and where it starts
            var values = best.data<float>().ToArray();
            var starts = at.data<long>().ToArray();
            var matches = Enumerable.Range(0, values.Length).OrderByDescending(n => values[n])
                .Select(n => (Ngram: Window(poems.Poems[n].Body, (int)starts[n], width, (int)length[n]), Activation: values[n], poems.Poems[n].Dynasty))
                .DistinctBy(m => m.Ngram).Take(top).ToList();
            return new FilterMatches(width, f, vote[feature], matches);
        }).ToList();
    }

    // The characters a window saw; newlines shown as ⏎ (line ends are part of the pattern), past the text's end as ·.
    static string Window(string body, int start, int width, int length)
    {
        var characters = Vocabulary.Characters(body).Take(length).ToArray();
        return string.Concat(Enumerable.Range(start, width).Select(i => i < characters.Length ? (characters[i] == "\n" ? "⏎" : characters[i]) : "·"));
    }
}
