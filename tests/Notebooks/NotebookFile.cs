using System.Text.Json;

namespace NeuralNotebooks.Tests.Notebooks;

/// <summary>A stored notebook read as plain JSON: its cells' kinds, sources and outputs.</summary>
sealed class NotebookFile
{
    public sealed record Cell(string Kind, string Source, int OutputCount, bool HasExecutionCount);

    public required string Path { get; init; }
    public required IReadOnlyList<Cell> Cells { get; init; }
    public required string KernelName { get; init; }

    public IEnumerable<Cell> Markdown => Cells.Where(c => c.Kind == "markdown");
    public IEnumerable<Cell> Code => Cells.Where(c => c.Kind == "code");
    public string AllMarkdown => string.Join("\n", Markdown.Select(c => c.Source));

    public static NotebookFile Read(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        var cells = root.GetProperty("cells").EnumerateArray().Select(c => new Cell(
            c.GetProperty("cell_type").GetString()!,
            c.GetProperty("source") is { ValueKind: JsonValueKind.Array } lines
                ? string.Concat(lines.EnumerateArray().Select(l => l.GetString()))
                : c.GetProperty("source").GetString()!,
            c.TryGetProperty("outputs", out var outputs) ? outputs.GetArrayLength() : 0,
            c.TryGetProperty("execution_count", out var count) && count.ValueKind != JsonValueKind.Null)).ToList();
        var kernel = root.GetProperty("metadata").GetProperty("kernelspec").GetProperty("name").GetString()!;
        return new NotebookFile { Path = path, Cells = cells, KernelName = kernel };
    }

    /// <summary>Collapses runs of whitespace, so text compares across line wrapping.</summary>
    public static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
