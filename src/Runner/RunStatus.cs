using System.Globalization;

namespace NeuralNotebooks.Runner;

/// <summary>
/// The state both reporters draw: which notebook and cell are running, since when, and the latest training
/// line. Time comes from an injected clock so tests can drive it. Thread-safe: kernel threads write, a
/// timer reads. <paramref name="lastRun"/> holds each notebook's time in the previous run (see
/// <see cref="RunTimings"/>): the best estimate there is when one cell trains for minutes.
/// </summary>
public sealed class RunStatus(Func<TimeSpan> clock, IReadOnlyDictionary<string, double>? lastRun = null, int notebooks = 0)
{
    int notebooksFinished;
    readonly object gate = new();
    string notebook = "";
    int codeCells, cellsStarted, cellsDone;
    int? cellIndex;
    TimeSpan notebookStart, cellStart, finishedCellsTime;
    TimeSpan? previous;
    string? training;

    public TimeSpan Now => clock();

    public void NotebookStarted(string name, int cells)
    {
        lock (gate)
        {
            (notebook, codeCells, cellsStarted, cellsDone, cellIndex, training) = (name, cells, 0, 0, null, null);
            (notebookStart, finishedCellsTime) = (clock(), TimeSpan.Zero);
            previous = lastRun is not null && lastRun.TryGetValue(RunTimings.Key(name), out var seconds) ? TimeSpan.FromSeconds(seconds) : null;
        }
    }

    public void CellStarted(int index)
    {
        lock (gate) { cellIndex = index; cellsStarted++; cellStart = clock(); training = null; }
    }

    public void TrainingStatus(string line) { lock (gate) training = line; }

    public void CellFinished() { lock (gate) { cellsDone++; finishedCellsTime += clock() - cellStart; training = null; } }

    /// <summary>The running cell, its number among code cells, and how long it has run; null between cells.</summary>
    public (int Index, int Number, TimeSpan Running)? RunningCell
    {
        get { lock (gate) return cellIndex is { } i && cellsDone < cellsStarted ? (i, cellsStarted, clock() - cellStart) : null; }
    }

    public string Notebook { get { lock (gate) return notebook; } }

    public void NotebookFinished() { lock (gate) notebooksFinished++; }

    /// <summary><c>notebook 3/40: </c> when the run has more than one notebook, else "".</summary>
    public string Position { get { lock (gate) return notebooks > 1 ? $"notebook {Math.Min(notebooksFinished + 1, notebooks)}/{notebooks}: " : ""; } }

    /// <summary>
    /// <c>cell 3/12 (#5) 00:42  notebook 01:10 of about 02:30 (last run)  [####....] epoch 1/2 ...</c>. Without a
    /// previous run, the cells after the running one are estimated at the finished cells' average.
    /// </summary>
    public string Line()
    {
        lock (gate)
        {
            var now = clock();
            var elapsed = now - notebookStart;
            var parts = new List<string>();
            var running = cellIndex is not null && cellsDone < cellsStarted;
            parts.Add(running ? $"cell {cellsStarted}/{codeCells} (#{cellIndex}) {Clock(now - cellStart)}"
                : cellsStarted == 0 ? "starting the kernel" : $"{cellsDone}/{codeCells} cells done");
            var after = codeCells - cellsStarted;
            parts.Add(previous is { } last ? $"notebook {Clock(elapsed)} of about {Clock(last)} (last run)"
                : cellsDone > 0 && after > 0 ? $"notebook {Clock(elapsed)}, about {Clock(finishedCellsTime / cellsDone * after)} more after this cell"
                : $"notebook {Clock(elapsed)}");
            if (training is not null) parts.Add(training);
            return string.Join("  ", parts);
        }
    }

    public static string Clock(TimeSpan t) =>
        t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"mm\:ss", CultureInfo.InvariantCulture);
}
