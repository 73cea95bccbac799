using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;

namespace NeuralNotebooks.Runner;

/// <summary>How a practice notebook is run: as stored (the starter), or with the Core reference in the learner cell.</summary>
public enum PracticeMode { Starter, Reference }

/// <summary>
/// Practice notebooks (notebooks/practice/NN-slug.ipynb) without a kernel: the learner cell (the one code cell whose
/// first line starts with "// Your code"), the grading cells (<c>#!check</c>), the reference substituted in memory
/// from <c>src/Core/Practice/References/*.cs #region ExerciseNN</c>, and the judgement of a run. A starter run passes
/// when every grading cell reports "not passed" cleanly (and nothing else fails); a reference run when every cell passes.
/// </summary>
public static partial class PracticeRun
{
    public const string LearnerCellMarker = "// Your code";
    public const string GradingCommand = "#!check";

    /// <summary>What the grader's failure says (Core's CheckReport.Summary; a test checks they agree).</summary>
    [GeneratedRegex(@"Practice \d\d \([^)]*\) not passed: ")]
    private static partial Regex NotPassed();

    /// <summary>A notebook under a "practice" folder is a practice notebook; the main job runs those as starters.</summary>
    public static bool IsPracticeNotebook(string path) =>
        Path.GetFullPath(path).Split(Path.DirectorySeparatorChar).Reverse().Skip(1).FirstOrDefault() == "practice";

    public static bool IsGradingCell(InteractiveDocumentElement cell) =>
        cell.KernelName is not "markdown" && cell.Contents.TrimStart().StartsWith(GradingCommand, StringComparison.Ordinal);

    /// <summary>True when the error is the grader's own clean "not passed" report, not a crash.</summary>
    public static bool IsCleanFailure(string? error) => error is not null && NotPassed().IsMatch(error);

    /// <summary>Index of the one learner cell, or an error saying what is wrong.</summary>
    public static (int? Cell, string? Problem) LearnerCell(IList<InteractiveDocumentElement> cells)
    {
        var found = cells.Select((c, i) => (c, i))
            .Where(x => x.c.KernelName is not "markdown" && x.c.Contents.TrimStart().StartsWith(LearnerCellMarker, StringComparison.Ordinal))
            .Select(x => x.i).ToList();
        return found.Count switch
        {
            1 => (found[0], null),
            0 => (null, $"no learner cell: no code cell starts with '{LearnerCellMarker}'"),
            _ => (null, $"{found.Count} learner cells (cells {string.Join(", ", found)}); a practice notebook has one"),
        };
    }

    /// <summary>The exercise id of a practice notebook: the two digits its file name starts with.</summary>
    public static string? ExerciseId(string notebookPath) =>
        Regex.Match(Path.GetFileName(notebookPath), @"^(\d\d)-") is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>The reference region for exercise <paramref name="id"/> from the repository's Core sources.</summary>
    public static string? ReferenceCode(string repositoryRoot, string id)
    {
        var folder = Path.Combine(repositoryRoot, "src", "Core", "Practice", "References");
        if (!Directory.Exists(folder)) return null;
        foreach (var file in Directory.EnumerateFiles(folder, "*.cs").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file);
            if (lines.Any(l => l.Trim() == $"#region Exercise{id}")) return Region(lines, $"Exercise{id}");
        }
        return null;
    }

    /// <summary>Puts the reference in the learner cell (keeping its first line), in memory; returns a problem when it cannot.</summary>
    public static string? SubstituteReference(InteractiveDocument document, string notebookPath, string? repositoryRoot)
    {
        var (cell, problem) = LearnerCell(document.Elements);
        if (problem is not null) return problem;
        var id = ExerciseId(notebookPath);
        if (id is null) return $"cannot tell the exercise of {Path.GetFileName(notebookPath)}: a practice notebook is named NN-slug.ipynb";
        var code = repositoryRoot is null ? null : ReferenceCode(repositoryRoot, id);
        if (code is null) return $"no '#region Exercise{id}' in src/Core/Practice/References";
        var element = document.Elements[cell!.Value];
        element.Contents = element.Contents.Split('\n')[0] + "\n" + code;
        return null;
    }

    /// <summary>Judges a starter run: every grading cell reported "not passed" cleanly, and nothing else failed.</summary>
    public static NotebookResult JudgeStarter(NotebookResult run, int gradingCells, int cleanFailures)
    {
        if (!run.Passed) return run;
        if (gradingCells == 0) return run with { Passed = false, Error = $"starter run: no grading cell ('{GradingCommand}')" };
        if (cleanFailures != gradingCells)
            return run with { Passed = false, Error = $"starter run: {gradingCells - cleanFailures} of {gradingCells} grading cell(s) passed with the starter code; the grader accepts unwritten code" };
        return run with { BrokeAsExpected = $"starter: {cleanFailures} grading cell(s) reported 'not passed' cleanly" };
    }

    /// <summary>eng/sync-code.py's rule: the lines between #region and its #endregion, dedented.</summary>
    static string Region(IReadOnlyList<string> lines, string name)
    {
        var start = lines.ToList().FindIndex(l => l.Trim() == $"#region {name}");
        int depth = 0, end = -1;
        for (int i = start + 1; i < lines.Count && end < 0; i++)
        {
            var t = lines[i].Trim();
            if (t.StartsWith("#region", StringComparison.Ordinal)) depth++;
            else if (t.StartsWith("#endregion", StringComparison.Ordinal) && depth-- == 0) end = i;
        }
        var body = lines.Skip(start + 1).Take(end - start - 1).Select(l => l.TrimEnd()).ToList();
        var indent = body.Where(l => l.Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", body.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart())).Trim('\n');
    }
}
