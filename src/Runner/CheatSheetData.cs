using System.Text.Json.Nodes;
using NeuralNotebooks.Display;
using NeuralNotebooks.Questions;

namespace NeuralNotebooks.Runner;

/// <summary>
/// <c>--cheatsheet [executed-folder]</c>: reads the learner's executed notebooks (headline, self-check, when it ran)
/// and writes Core's <see cref="CheatSheet"/> to artifacts/cheatsheet.html, math as MathML when temml can run.
/// A missing folder or an unreadable copy is one sentence on the sheet and in the output; the sheet is still written.
/// </summary>
public static class CheatSheetData
{
    /// <summary>What each card's executed notebook measured, by notebook path; problems in <paramref name="notices"/>.</summary>
    public static Dictionary<string, MeasuredRun> Gather(string executedFolder, IEnumerable<InterviewCard> cards, List<string> notices)
    {
        var runs = new Dictionary<string, MeasuredRun>();
        if (!Directory.Exists(executedFolder))
        {
            notices.Add($"No executed notebooks: the folder {executedFolder} does not exist. Run the notebooks first (dotnet run --project src/Runner -- notebooks), or name the folder that holds their executed copies.");
            return runs;
        }
        foreach (var card in cards)
        {
            var path = Path.Combine(executedFolder, "notebooks", card.Notebook);
            if (!File.Exists(path)) continue;
            try { runs[card.Notebook] = Read(path); }
            catch (Exception e) when (e is RunnerException or InvalidOperationException or FormatException or IOException)
            {
                var problem = $"could not read the executed copy {path}: {(e is RunnerException ? e.Message : e.Message.TrimEnd('.') + ".")}";
                notices.Add(problem);
                runs[card.Notebook] = new MeasuredRun(null, null, null, null, problem);
            }
        }
        return runs;
    }

    /// <summary>One executed notebook: its last headline, whether its self-check passed, and the file's time.</summary>
    public static MeasuredRun Read(string executedNotebook)
    {
        var notebook = NotebookJson.Read(executedNotebook);
        var texts = new List<string>();
        foreach (var cell in notebook["cells"]?.AsArray() ?? throw new RunnerException($"{executedNotebook} has no cells."))
            foreach (var output in cell?["outputs"]?.AsArray() ?? [])
                texts.Add(OutputText(output!));
        var all = string.Join("\n", texts);
        var headline = SeedSweep.HeadlineIn(all);
        bool? passed = all.Contains(SelfCheckPassed, StringComparison.Ordinal) ? true
            : all.Contains(SelfCheckFailed, StringComparison.Ordinal) ? false : null;
        return new MeasuredRun(headline?.Name, headline?.Value, passed, new DateTimeOffset(File.GetLastWriteTimeUtc(executedNotebook), TimeSpan.Zero));
    }

    const string SelfCheckPassed = NeuralNotebooks.Training.SelfCheck.PassedPrefix;
    const string SelfCheckFailed = NeuralNotebooks.Training.SelfCheck.FailurePrefix;

    static string OutputText(JsonNode output)
    {
        static string Text(JsonNode? node) => node switch
        {
            JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
            JsonValue value => value.GetValue<string>(),
            _ => "",
        };
        return output["output_type"]?.GetValue<string>() switch
        {
            "stream" => Text(output["text"]),
            "error" => Text(output["ename"]) + ": " + Text(output["evalue"]),
            _ => Text(output["data"]?["text/plain"]),
        };
    }

    /// <summary>Writes the sheet to <paramref name="target"/>; prints each problem (once) and the sheet's size. Returns the notices.</summary>
    public static IReadOnlyList<string> Write(string executedFolder, string target, MathRenderer renderer, TextWriter output)
    {
        var notices = new List<string>();
        var cards = QuestionBank.Questions.Concat(QuestionBank.Exercises).ToList();   // the concepts first, then the coding exercises
        var runs = Gather(executedFolder, cards, notices);
        var math = MathML(cards, renderer, notices);
        var html = CheatSheet.ToHtml(cards, runs, math, notices);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
        File.WriteAllText(target, html);
        foreach (var notice in notices) output.WriteLine(notice);
        output.WriteLine($"cheat sheet: {cards.Count} cards, {runs.Count(r => r.Value.Problem is null)} with measurements from {executedFolder}, {html.Length / 1024} KB, written to {target}");
        return notices;
    }

    /// <summary>All formulas of the printed fields rendered by temml in one batch; Unicode for any it could not render.</summary>
    static Func<string, string> MathML(IReadOnlyList<InterviewCard> cards, MathRenderer renderer, List<string> notices)
    {
        var formulas = cards.SelectMany(c => c.KeyPoints.Append(c.ShortAnswer)).SelectMany(MathText.Formulas).Distinct().ToList();
        var rendered = renderer.Render(formulas.Select(f => new MathSnippets.Snippet(f, false)).ToList());
        if (renderer.Problem is { } problem) notices.Add($"Formulas are shown as Unicode text: {problem}.");
        var byTex = formulas.Zip(rendered).Where(p => p.Second is not null).ToDictionary(p => p.First, p => p.Second!);
        return tex => byTex.TryGetValue(tex, out var mathml) ? mathml : MathText.FormulaToHtml(tex);
    }
}
