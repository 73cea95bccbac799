using NeuralNotebooks.Display;

namespace NeuralNotebooks.Display;

/// <summary>Several curves in one chart (e.g. plain vs residual training loss), drawn with Core's training-chart renderer.</summary>
public static class ComparisonChart
{
    static readonly string[] Colors = ["#d62728", "#2ca02c", "#1f77b4", "#ff7f0e"];

    public static Picture Of(string title, string xLabel, params (string Name, IReadOnlyList<(long X, double Y)> Points)[] curves)
    {
        var lines = curves.Select((c, i) => new TrainingCharts.Series(c.Name, Colors[i % Colors.Length],
            c.Points.Select(p => ((double)p.X, p.Y)).ToArray())).ToArray();
        var panel = new TrainingCharts.Panel(title, xLabel, lines);
        var text = $"{title}: " + string.Join("; ", curves.Select(c => $"{c.Name} last {(c.Points.Count > 0 ? c.Points[^1].Y : double.NaN):G4}"));
        return new Picture(TrainingCharts.PanelHtml(panel, interactive: false), text, TrainingCharts.Width, TrainingCharts.Height);
    }
}
