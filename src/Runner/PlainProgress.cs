namespace NeuralNotebooks.Runner;

/// <summary>
/// Progress as plain lines, for logs (CI, output piped to a file): nothing while cells are quick, a status line
/// every <see cref="Interval"/> while one is slow, a line for each slow cell when it ends, and one result line
/// per notebook. The owner calls <see cref="Tick"/> from a timer (tests call it by hand).
/// </summary>
public sealed class PlainProgress(TextWriter output, Func<TimeSpan> clock, IReadOnlyDictionary<string, double>? lastRun = null, int notebooks = 0) : IRunProgress
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    readonly RunStatus status = new(clock, lastRun, notebooks);
    readonly object gate = new();
    TimeSpan lastLine;

    public void NotebookStarted(string notebook, int codeCells)
    {
        status.NotebookStarted(notebook, codeCells);
        Write($"{status.Position}{notebook}: {codeCells} code {(codeCells == 1 ? "cell" : "cells")}");
    }

    public void CellStarted(int cellIndex) { status.CellStarted(cellIndex); lock (gate) lastLine = status.Now; }

    public void TrainingStatus(string line) => status.TrainingStatus(line);

    public void CellFinished(int cellIndex, bool failed)
    {
        if (status.RunningCell is { Number: var number, Running: var running } && running >= Interval)
            Write($"  cell {number} (#{cellIndex}) {(failed ? "failed" : "done")} after {running.TotalSeconds:F1} s");
        status.CellFinished();
    }

    /// <summary>Writes the status line when a cell has run <see cref="Interval"/> since the last line.</summary>
    public void Tick()
    {
        bool due;
        lock (gate) due = status.RunningCell is not null && status.Now - lastLine >= Interval;
        if (due) Write("  " + status.Line());
    }

    public async Task Follow(Task running)
    {
        while (!running.IsCompleted)
        {
            Tick();
            await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(1)));
        }
    }

    public void NotebookFinished(NotebookResult result)
    {
        // A time-out stops the kernel mid-cell: say which cell it was and how long it had run.
        if (!result.Passed && status.RunningCell is { Index: var index, Number: var number, Running: var running })
            Write($"  stopped in cell {number} (#{index}) after it ran {running.TotalSeconds:F1} s");
        Write(result.Line);
        status.NotebookFinished();
    }

    void Write(string line)
    {
        lock (gate)
        {
            output.WriteLine(line);
            output.Flush();
            lastLine = status.Now;
        }
    }
}
