using Spectre.Console;

namespace NeuralNotebooks.Runner;

/// <summary>The end of a run: one row per notebook with its result, time, and where and why it failed.</summary>
public static class SummaryTable
{
    public static void Write(IAnsiConsole console, IReadOnlyList<NotebookResult> results)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("notebook").AddColumn("result").AddColumn(new TableColumn("seconds").RightAligned())
            .AddColumn(new TableColumn("failing cell").RightAligned()).AddColumn("first error line");
        foreach (var r in results)
            table.AddRow(
                new Text(r.Notebook),
                new Markup(r.Passed ? "[green]pass[/]" : "[red]FAIL[/]"),
                new Text(r.Elapsed.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)),
                new Text(r.FailedCell?.ToString() ?? ""),
                new Text(r.Error is null ? "" : NotebookRunner.FirstLine(r.Error)));
        console.Write(table);
    }
}
