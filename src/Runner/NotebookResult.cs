namespace NeuralNotebooks.Runner;

/// <summary>How one notebook run went.</summary>
public sealed record NotebookResult(
    string Notebook,
    bool Passed,
    TimeSpan Elapsed,
    string? ExecutedCopy,
    int? FailedCell = null,
    string? Error = null,
    IReadOnlyList<CellResult>? Cells = null,
    string? Retried = null,
    string? BrokeAsExpected = null)
{
    public string Line =>
        (Passed
            ? $"PASS  {Elapsed.TotalSeconds,7:F1}s  {Notebook}" + (BrokeAsExpected is null ? "" : $"  (broke as expected: {BrokeAsExpected})")
            : $"FAIL  {Elapsed.TotalSeconds,7:F1}s  {Notebook}  (cell {FailedCell}: {Error})")
        + (Retried is null ? "" : $"  [run twice: {Retried}]");
}

/// <summary>One executed code cell: its index among all cells, time, and what it printed.</summary>
public sealed record CellResult(int Index, TimeSpan Elapsed, bool Failed, string Text);
