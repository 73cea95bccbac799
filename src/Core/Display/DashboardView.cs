using System.Globalization;
using System.Text;
using NeuralNotebooks.Training;

namespace NeuralNotebooks.Display;

/// <summary>
/// The live training dashboard as one HTML block or one text line: a progress bar (epoch, batch, ETA,
/// throughput, latest metrics) and the curves so far. Pure: the extension decides when to redraw.
/// </summary>
public static class DashboardView
{
    public static string ToHtml(TrainingProgress p, bool finished)
    {
        double percent = finished ? 100 : p.Fraction * 100;
        var html = new StringBuilder("<div class=\"nn-dashboard\" data-state=\"" + (finished ? "finished" : "running") + "\">");
        html.Append("<div style=\"display:flex;align-items:center;gap:8px;font-family:monospace;font-size:smaller\">");
        html.Append($"<div style=\"width:240px;height:12px;background:#eee;border-radius:3px;overflow:hidden\"><div class=\"nn-progress\" data-percent=\"{percent.ToString("0.#", CultureInfo.InvariantCulture)}\" style=\"width:{percent.ToString("0.#", CultureInfo.InvariantCulture)}%;height:100%;background:{(finished ? "#2ca02c" : "#1f77b4")}\"></div></div>");
        html.Append($"<span class=\"nn-status\">{Html.Escape(StatusLine(p, finished))}</span></div>");
        var panels = TrainingCharts.Panels(p.History);
        if (panels.Count > 0)
        {
            html.Append("<div style=\"display:flex;flex-wrap:wrap;gap:8px\">");
            // Live updates redraw the SVG only: cheap, and identical wherever the notebook is viewed.
            foreach (var panel in panels) html.Append(TrainingCharts.PanelHtml(panel, interactive: false));
            html.Append("</div>");
        }
        return html.Append("</div>").ToString();
    }

    /// <summary><c>epoch 2/5  batch 40/100  41%  00:12 &lt; 00:17  812 samples/s  loss 0.4123</c>.</summary>
    public static string StatusLine(TrainingProgress p, bool finished)
    {
        var parts = new List<string>
        {
            $"epoch {p.Epoch}/{p.Epochs}",
            p.StepsPerEpoch > 0 ? $"batch {p.Step}/{p.StepsPerEpoch}" : $"batch {p.Step}",
            $"{(finished ? 100 : p.Fraction * 100).ToString("0", CultureInfo.InvariantCulture)}%",
            finished ? $"done in {Clock(p.Elapsed)}" : $"{Clock(p.Elapsed)} < {(p.Eta is { } eta ? Clock(eta) : "?")}",
        };
        if (p.SamplesPerSecond > 0) parts.Add($"{p.SamplesPerSecond.ToString("0", CultureInfo.InvariantCulture)} samples/s");
        parts.AddRange(p.Latest.Select(m => $"{m.Key} {NumberFormat.Short(m.Value)}"));
        return string.Join("  ", parts);
    }

    public static string ToText(TrainingProgress p, bool finished)
    {
        const int width = 24;
        int filled = (int)Math.Round((finished ? 1 : p.Fraction) * width);
        return "[" + new string('#', filled) + new string('.', width - filled) + "] " + StatusLine(p, finished);
    }

    static string Clock(TimeSpan t) => t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"mm\:ss", CultureInfo.InvariantCulture);
}
