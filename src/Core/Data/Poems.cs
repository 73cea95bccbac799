using TorchSharp;

namespace NeuralNotebooks.Data;

public enum Dynasty { Tang = 0, Song = 1 }

/// <summary>One classical poem: title, author and body (the lines of the poem, joined by newlines).</summary>
public sealed record Poem(string Title, string Author, string Body, Dynasty Dynasty);

/// <summary>The poems of both collections, with a character vocabulary built from their bodies.</summary>
public sealed record PoemCorpus(IReadOnlyList<Poem> Poems, Vocabulary Characters, string Source)
{
    /// <summary>
    /// Bodies as a classification data set: character ids [N, L] (PAD-padded, cut at
    /// <paramref name="maxLength"/>), dynasty labels [N] (Tang 0, Song 1), lengths [N].
    /// </summary>
    public TensorDataset ToDataset(int maxLength = 128)
    {
        using var scope = torch.NewDisposeScope();
        var (ids, lengths) = Vocabulary.PadSequences(Poems.Select(p => Characters.EncodeCharacters(p.Body)).ToArray(), maxLength);
        var labels = torch.tensor(Poems.Select(p => (long)p.Dynasty).ToArray());
        return new TensorDataset([ids, labels, lengths], Source);
    }

    /// <summary>
    /// Train and test poems, split by poem: lines quoted from one poem (same author and title) stay on one
    /// side. The vocabulary comes from the training poems only; a character seen only in the test poems is UNK.
    /// </summary>
    public (PoemCorpus Train, PoemCorpus Test) SplitByPoem(double testShare, int seed)
    {
        if (testShare <= 0 || testShare >= 1) throw new ArgumentException($"testShare must be in (0, 1), got {testShare}.");
        var groups = Poems.GroupBy(p => p.Title.Length > 0 ? $"{p.Author}|{p.Title}" : p.Body, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
        var order = Shuffling.Permutation(groups.Length, new Random(seed));
        var test = new List<Poem>();
        var train = new List<Poem>();
        foreach (var g in order.Select(i => groups[i]))
            (test.Count < testShare * Poems.Count ? test : train).AddRange(g);
        var characters = Vocabulary.FromCharacters(train.Select(p => p.Body));
        return (new PoemCorpus(train, characters, $"{Source}, training split (seed {seed})"),
                new PoemCorpus(test, characters, $"{Source}, test split (seed {seed})"));
    }
}

/// <summary>
/// Chinese classical poems from Debian's <c>fortunes-zh</c>: 313 Tang poems (<c>tang300</c>) and
/// 96 Song poems (<c>song100</c>, despite its name; one separator line has trailing spaces) in fortune format (UTF-8, entries separated by <c>%</c> lines, a
/// coloured title line and an author line before the poem).
/// </summary>
public static class Poems
{
    public const string Variable = "NEURALNOTEBOOKS_FORTUNES";
    public const string DebianFolder = "/usr/share/games/fortunes";

    public static PoemCorpus Load()
    {
        var candidates = DataLocations.Candidates(Variable, "fortunes", DebianFolder);
        var folder = DataLocations.Require("The Chinese poems (tang300, song100)", Variable,
            "Install them with `sudo apt-get install fortunes-zh`.", candidates, "tang300", "song100");
        var poems = Read(Path.Combine(folder, "tang300"), Dynasty.Tang).Concat(Read(Path.Combine(folder, "song100"), Dynasty.Song)).ToArray();
        return new PoemCorpus(poems, Vocabulary.FromCharacters(poems.Select(p => p.Body)), $"fortunes-zh tang300 + song100 from {folder}");
    }

    internal static IEnumerable<Poem> Read(string path, Dynasty dynasty)
    {
        foreach (var entry in TextCorpus.ReadFortunes(path))
        {
            var lines = TextCorpus.StripAnsi(entry).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            var title = lines.Count > 0 && lines[0].Contains('《') ? Take(lines, 0).Replace("题目:", "").Replace("题目：", "").Replace("《", "").Replace("》", "").Trim() : "";
            var author = lines.Count > 0 && lines[0].StartsWith("作者") ? Take(lines, 0)[2..].TrimStart(':', '：').Trim() : "";
            if (lines.Count > 0) yield return new Poem(title, author, string.Join("\n", lines), dynasty);
        }
    }

    static string Take(List<string> lines, int index)
    {
        var line = lines[index];
        lines.RemoveAt(index);
        return line;
    }
}
