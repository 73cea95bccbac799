using Spectre.Console;

namespace NeuralNotebooks.Runner;

/// <summary>
/// The end of a run: one row per notebook with its result, time, and where and why it failed. A passing break-it run
/// says "broke as expected" and shows the self-check's reason.
/// </summary>
public static class SummaryTable
{
    public static void Write(IAnsiConsole console, IReadOnlyList<NotebookResult> results)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("notebook").AddColumn("result").AddColumn(new TableColumn("seconds").RightAligned())
            .AddColumn(new TableColumn("failing cell").RightAligned()).AddColumn("first error line / why it broke");
        foreach (var r in results)
            table.AddRow(
                new Text(r.Notebook),
                new Markup(!r.Passed ? "[red]FAIL[/]" : r.BrokeAsExpected is null ? "[green]pass[/]" : "[green]broke as expected[/]"),
                new Text(r.Elapsed.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)),
                new Text(r.FailedCell?.ToString() ?? ""),
                new Text(NotebookRunner.FirstLine(r.Error ?? r.BrokeAsExpected ?? "")));
        console.Write(table);
    }
}
