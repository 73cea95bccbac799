using System.Text.RegularExpressions;

namespace NeuralNotebooks.Tests.Notebooks;

/// <summary>
/// Predict-then-run, one convention: a markdown cell asks the question; the guess cell starts with
/// <c>// Your guess — predict &lt;id&gt;</c> and declares the guess unset (<c>double.NaN</c>, <c>null</c> or <c>""</c>,
/// so a stored notebook never answers for the learner); a later code cell scores it with
/// <c>Predict.Score("&lt;id&gt;", &lt;guess&gt;, …)</c>. Ids are unique and belong to the notebook's own card.
/// </summary>
public partial class PredictionCellTests
{
    [GeneratedRegex(@"^// Your guess — predict (?<id>[qe]\d\d\.[a-z0-9][a-z0-9-]*)\s*$")]
    private static partial Regex GuessHeader();

    [GeneratedRegex(@"^\s*(var|double|bool\?|string\??)\s+(?<name>my[A-Za-z0-9]*)\s*=\s*(?<value>[^;]+);", RegexOptions.Multiline)]
    private static partial Regex GuessDeclaration();

    [GeneratedRegex(@"^(?<dir>questions|exercises)/(?<n>\d\d)-")]
    private static partial Regex NotebookCard();

    static IEnumerable<string> CourseNotebookPaths() => new[] { "questions", "exercises" }
        .SelectMany(d => Directory.EnumerateFiles(Path.Combine(TestHost.RepositoryRoot, "notebooks", d), "*.ipynb"))
        .Select(p => Path.GetRelativePath(Path.Combine(TestHost.RepositoryRoot, "notebooks"), p).Replace('\\', '/')).Order();

    public static TheoryData<string> CourseNotebooks => new(CourseNotebookPaths());

    public static IReadOnlyList<(string Notebook, string Id, string Guess, int Cell)> Guesses(string notebook)
    {
        var nb = NotebookFile.Read(Path.Combine(TestHost.RepositoryRoot, "notebooks", notebook));
        var found = new List<(string, string, string, int)>();
        for (int i = 0; i < nb.Cells.Count; i++)
        {
            var cell = nb.Cells[i];
            var first = cell.Source.Replace("\r\n", "\n").Split('\n')[0];
            if (cell.Kind != "code" || GuessHeader().Match(first) is not { Success: true } header) continue;
            var declarations = GuessDeclaration().Matches(cell.Source);
            Assert.True(declarations.Count == 1, $"{notebook} cell {i}: a guess cell declares exactly one guess (var myGuess = double.NaN;); found {declarations.Count}");
            var value = declarations[0].Groups["value"].Value.Trim();
            Assert.True(value is "double.NaN" or "null" or "\"\"",
                $"{notebook} cell {i}: the stored guess must be unset (double.NaN, null or \"\"), not '{value}' — the learner writes it");
            Assert.True(i > 0 && nb.Cells[i - 1].Kind == "markdown", $"{notebook} cell {i}: a guess cell follows the markdown cell that asks the question");
            found.Add((notebook, header.Groups["id"].Value, declarations[0].Groups["name"].Value, i));
        }
        return found;
    }

    [Theory, MemberData(nameof(CourseNotebooks))]
    public void Every_guess_belongs_to_its_card_and_is_scored_in_a_later_cell(string notebook)
    {
        var nb = NotebookFile.Read(Path.Combine(TestHost.RepositoryRoot, "notebooks", notebook));
        var card = NotebookCard().Match(notebook);
        var prefix = (card.Groups["dir"].Value == "questions" ? "q" : "e") + card.Groups["n"].Value + ".";
        foreach (var (_, id, guess, index) in Guesses(notebook))
        {
            Assert.True(id.StartsWith(prefix, StringComparison.Ordinal), $"{notebook} cell {index}: prediction '{id}' should be named {prefix}<name> after this notebook's card");
            var scored = nb.Cells.Skip(index + 1).Any(c => c.Kind == "code" &&
                Regex.IsMatch(c.Source, $@"Predict\.Score\(\s*""{Regex.Escape(id)}""\s*,\s*{Regex.Escape(guess)}\b"));
            Assert.True(scored, $"{notebook} cell {index}: no later cell calls Predict.Score(\"{id}\", {guess}, …)");
        }
    }

    [Fact]
    public void Every_question_notebook_asks_for_two_or_three_predictions()
    {
        var counts = CourseNotebookPaths().Where(p => p.StartsWith("questions/", StringComparison.Ordinal))
            .Select(p => (Notebook: p, Count: Guesses(p).Count)).ToList();
        Assert.Equal(20, counts.Count);
        var off = counts.Where(c => c.Count is < 2 or > 3).Select(c => $"{c.Notebook} ({c.Count})").ToList();
        Assert.True(off.Count == 0, "Question notebooks without two or three predict-then-run cells: " + string.Join(", ", off));
    }

    [Fact]
    public void Prediction_ids_are_unique_across_the_course()
    {
        var all = CourseNotebookPaths().SelectMany(Guesses).ToList();
        var repeated = all.GroupBy(g => g.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key} ({string.Join(", ", g.Select(x => x.Notebook))})").ToList();
        Assert.True(repeated.Count == 0, "Repeated prediction ids: " + string.Join("; ", repeated));
    }
}
