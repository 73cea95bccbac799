using System.Text;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Events;

namespace NeuralNotebooks.Runner;

/// <summary>
/// Turns a cell's kernel events into notebook outputs, as VS Code would show them: a display update
/// replaces the output it names instead of adding one.
/// </summary>
sealed class CellOutputs
{
    public List<InteractiveDocumentOutputElement> Elements { get; } = [];
    public string? Error { get; private set; }
    public string PlainText => text.ToString();

    readonly StringBuilder text = new();

    public static CellOutputs From(IEnumerable<KernelEvent> events)
    {
        var outputs = new CellOutputs();
        var byDisplayId = new Dictionary<string, int>();
        foreach (var e in events)
        {
            switch (e)
            {
                case DisplayedValueUpdated update when update.ValueId is not null && byDisplayId.TryGetValue(update.ValueId, out var at):
                    outputs.Elements[at] = Display(update);
                    break;
                case StandardOutputValueProduced stdout:
                    outputs.Add(new TextElement(Plain(stdout), "stdout"), Plain(stdout));
                    break;
                case StandardErrorValueProduced stderr:
                    outputs.Add(new TextElement(Plain(stderr), "stderr"), Plain(stderr));
                    outputs.Error ??= $"wrote to stderr: {NotebookRunner.FirstLine(Plain(stderr))}";
                    break;
                case DisplayEvent display:
                    if (display is DisplayedValueProduced { ValueId: { } id }) byDisplayId[id] = outputs.Elements.Count;
                    outputs.Add(Display(display), Plain(display));
                    break;
                case CommandFailed failed:
                    outputs.Add(new ErrorElement(failed.Message, failed.Exception?.GetType().Name ?? "Error", []), failed.Message);
                    outputs.Error = NotebookRunner.FirstLine(failed.Message);
                    break;
            }
        }
        return outputs;
    }

    void Add(InteractiveDocumentOutputElement element, string plain)
    {
        Elements.Add(element);
        if (plain.Length > 0) text.AppendLine(plain);
    }

    static DisplayElement Display(DisplayEvent e) =>
        new(e.FormattedValues.ToDictionary(v => v.MimeType, v => (object)v.Value));

    static string Plain(DisplayEvent e) =>
        e.FormattedValues.FirstOrDefault(v => v.MimeType == "text/plain")?.Value
        ?? e.FormattedValues.FirstOrDefault()?.Value ?? "";
}
