namespace NeuralNotebooks.Runner;

/// <summary>
/// What the runner tells whoever watches a run, as it happens. Calls may come from kernel threads; a
/// reporter must not throw (a broken display must not fail a notebook).
/// </summary>
public interface IRunProgress
{
    /// <summary>A notebook's kernel is being started; <paramref name="codeCells"/> cells will run.</summary>
    void NotebookStarted(string notebook, int codeCells);

    /// <summary>The cell at <paramref name="cellIndex"/> (among all cells, as in results) was sent to the kernel.</summary>
    void CellStarted(int cellIndex);

    /// <summary>The running cell showed a training dashboard line (epoch, batch, loss, throughput, ETA).</summary>
    void TrainingStatus(string line);

    void CellFinished(int cellIndex, bool failed);

    void NotebookFinished(NotebookResult result);

    /// <summary>Keeps the display moving (a status line every few seconds, or a live line) until <paramref name="running"/> ends.</summary>
    Task Follow(Task running);
}

/// <summary>Reports nothing: tests and library callers that only want the result.</summary>
public sealed class NoProgress : IRunProgress
{
    public static readonly NoProgress Instance = new();
    public void NotebookStarted(string notebook, int codeCells) { }
    public void CellStarted(int cellIndex) { }
    public void TrainingStatus(string line) { }
    public void CellFinished(int cellIndex, bool failed) { }
    public void NotebookFinished(NotebookResult result) { }
    public Task Follow(Task running) => running;
}
