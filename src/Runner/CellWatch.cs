using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;

namespace NeuralNotebooks.Runner;

/// <summary>
/// Watches a kernel's events while a cell runs and passes the live training dashboard's text line on. The
/// result of <c>SendAsync</c> holds the events only once the cell is done; the proxy kernel's
/// <c>KernelEvents</c> publishes the remote display events as they arrive.
/// </summary>
public static partial class CellWatch
{
    /// <summary>The dashboard's text/plain form: <c>[#####...] epoch 2/5  batch 40/100 ...</c> (DashboardView.ToText).</summary>
    [GeneratedRegex(@"^\[[#.]+\] epoch \d+/\d+")]
    private static partial Regex DashboardLine();

    public static IDisposable Start(Kernel kernel, IRunProgress progress) =>
        kernel.KernelEvents.Subscribe(new Observer(e =>
        {
            if (e is DisplayEvent display && TrainingLine(display) is { } line) progress.TrainingStatus(line);
        }));

    public static string? TrainingLine(DisplayEvent e)
    {
        var text = e.FormattedValues.FirstOrDefault(v => v.MimeType == "text/plain")?.Value;
        return text is not null && DashboardLine().IsMatch(text) ? text.Split('\n', 2)[0].Trim() : null;
    }

    sealed class Observer(Action<KernelEvent> next) : IObserver<KernelEvent>
    {
        public void OnNext(KernelEvent value)
        {
            try { next(value); } catch (Exception) { /* a display problem must not fail the cell */ }
        }
        public void OnCompleted() { }
        public void OnError(Exception error) { }
    }
}
