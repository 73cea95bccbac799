using System.Diagnostics;
using Spectre.Console;

namespace NeuralNotebooks.Runner;

/// <summary>
/// Progress on a terminal: one live area, redrawn in place a few times a second, with the notebook, its
/// running cell and the training line; it is cleared when the notebook ends and the result line stays.
/// </summary>
public sealed class LiveProgress(IAnsiConsole console, IReadOnlyDictionary<string, double>? lastRun = null, int notebooks = 0) : IRunProgress
{
    static readonly TimeSpan Redraw = TimeSpan.FromMilliseconds(250);
    static readonly Stopwatch Watch = Stopwatch.StartNew();

    readonly RunStatus status = new(() => Watch.Elapsed, lastRun, notebooks);

    public void NotebookStarted(string notebook, int codeCells) => status.NotebookStarted(notebook, codeCells);
    public void CellStarted(int cellIndex) => status.CellStarted(cellIndex);
    public void TrainingStatus(string line) => status.TrainingStatus(line);
    public void CellFinished(int cellIndex, bool failed) => status.CellFinished();

    public async Task Follow(Task running)
    {
        await console.Live(View()).AutoClear(true).Overflow(VerticalOverflow.Ellipsis).StartAsync(async context =>
        {
            while (!running.IsCompleted)
            {
                context.UpdateTarget(View());
                await Task.WhenAny(running, Task.Delay(Redraw));
            }
        });
    }

    public void NotebookFinished(NotebookResult result)
    {
        if (!result.Passed && status.RunningCell is { Index: var index, Number: var number, Running: var running })
            console.MarkupLine($"  [yellow]stopped in cell {number} (#{index}) after it ran {running.TotalSeconds:F1} s[/]");
        console.MarkupLine((result.Passed ? "[green]PASS[/]" : "[red]FAIL[/]") + Markup.Escape(result.Line[4..]));
        status.NotebookFinished();
    }

    Rows View() => new(
        new Markup($"{Markup.Escape(status.Position)}[bold]{Markup.Escape(status.Notebook)}[/]"),
        new Text("  " + status.Line(), new Style(Color.Grey)));
}
