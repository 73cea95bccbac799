using Microsoft.DotNet.Interactive.Documents;

namespace NeuralNotebooks.Runner;

/// <summary>
/// Every course notebook carries one line <c>var breakIt = false;</c> that turns on a deliberately broken variant
/// (usually the guide's own bug). A break-it run flips it in memory and passes only when the notebook then fails in
/// its self-check cell (the first code cell after the "## Self-check" heading) with "Self-check failed" — proof that
/// the check can fail.
/// </summary>
public static class BreakItSwitch
{
    public const string Off = "var breakIt = false;";
    public const string On = "var breakIt = true;";
    /// <summary>What SelfCheck.Require's exception says (Core's SelfCheck.FailurePrefix; a test checks they agree).</summary>
    public const string SelfCheckFailed = "Self-check failed";   // the start of Core's SelfCheck.FailurePrefix

    /// <summary>Index of the one cell with the switch line, or an error saying what is wrong.</summary>
    public static (int? Cell, string? Problem) Find(IList<InteractiveDocumentElement> cells)
    {
        var found = cells.Select((c, i) => (c, i))
            .Where(x => x.c.KernelName is not "markdown" && x.c.Contents.Split('\n').Any(l => l.Trim() == Off))
            .Select(x => x.i).ToList();
        return found.Count switch
        {
            1 => (found[0], null),
            0 => (null, $"no break-it switch: no code cell has the line '{Off}'"),
            _ => (null, $"{found.Count} cells have the line '{Off}' (cells {string.Join(", ", found)}); a notebook has one switch"),
        };
    }

    /// <summary>The code cell right after the markdown cell that starts with "## Self-check", or null.</summary>
    public static int? SelfCheckCell(IList<InteractiveDocumentElement> cells)
    {
        for (int i = 0; i < cells.Count; i++)
            if (cells[i].KernelName is "markdown" && cells[i].Contents.TrimStart().StartsWith("## Self-check", StringComparison.Ordinal))
                for (int j = i + 1; j < cells.Count; j++)
                    if (cells[j].KernelName is not "markdown") return j;
        return null;
    }

    /// <summary>Flips the switch on in the document (in memory); returns a problem when it cannot.</summary>
    public static string? TurnOn(InteractiveDocument document)
    {
        var cells = document.Elements;
        var (cell, problem) = Find(cells);
        if (problem is not null) return problem;
        if (SelfCheckCell(cells) is null) return "no self-check: no code cell follows a '## Self-check' heading";
        var element = cells[cell!.Value];
        var lines = element.Contents.Split('\n').Select(l => l.Trim() == Off ? l.Replace(Off, On) : l);
        element.Contents = string.Join('\n', lines);
        return null;
    }

    /// <summary>Judges a break-it run: it passes when the self-check cell failed with "Self-check failed".</summary>
    public static NotebookResult Judge(NotebookResult run, int? selfCheckCell)
    {
        if (run.Passed)
            return run with { Passed = false, Error = "break-it run: the notebook still passed with breakIt = true; its self-check cannot see the break" };
        if (run.FailedCell == selfCheckCell && run.Error?.Contains(SelfCheckFailed, StringComparison.Ordinal) == true)
            // From "Self-check failed" on: the kernel puts the exception's type name in front of it.
            return run with { Passed = true, Error = null, BrokeAsExpected = run.Error[run.Error.IndexOf(SelfCheckFailed, StringComparison.Ordinal)..] };
        return run with { Error = $"break-it run: expected the self-check (cell {selfCheckCell}) to fail with '{SelfCheckFailed}', but cell {run.FailedCell} failed: {run.Error}" };
    }
}
