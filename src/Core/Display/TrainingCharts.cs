using System.Globalization;
using System.Text;
using System.Text.Json;
using NeuralNotebooks.Training;

namespace NeuralNotebooks.Display;

/// <summary>
/// Training curves: one panel per metric, train and validation per epoch, and the per-step loss. Each
/// panel is an SVG drawn here (visible anywhere, scripts or not) plus a few lines of script that swap in
/// an interactive plotly.js chart when <c>window.Plotly</c> is loaded (the extension loads it once).
/// </summary>
public static class TrainingCharts
{
    public const int Width = 320, Height = 200;
    const int MaxPoints = 500;
    static int nextId;

    public sealed record Series(string Name, string Color, IReadOnlyList<(double X, double Y)> Points);
    public sealed record Panel(string Title, string XLabel, IReadOnlyList<Series> Lines);

    /// <summary>The panels a history shows: per-step loss (when steps were recorded), then each epoch metric.</summary>
    public static IReadOnlyList<Panel> Panels(TrainingHistory history)
    {
        var panels = new List<Panel>();
        var stepMetric = history.StepMetricNames.FirstOrDefault(m => m == "loss") ?? history.StepMetricNames.FirstOrDefault();
        if (stepMetric is not null)
            panels.Add(new($"{stepMetric} per step", "step", [new("train", "#1f77b4", Thin(history.StepSeries(stepMetric).Select(p => ((double)p.Step, p.Value)).ToArray()))]));
        foreach (var metric in history.EpochMetricNames)
        {
            var lines = new List<Series>();
            var train = history.EpochSeries(metric, Split.Train);
            var validation = history.EpochSeries(metric, Split.Validation);
            if (train.Count > 0) lines.Add(new("train", "#1f77b4", train.Select(p => ((double)p.Epoch, p.Value)).ToArray()));
            if (validation.Count > 0) lines.Add(new("validation", "#ff7f0e", validation.Select(p => ((double)p.Epoch, p.Value)).ToArray()));
            panels.Add(new(metric, "epoch", lines));
        }
        return panels;
    }

    public static string ToHtml(TrainingHistory history)
    {
        var panels = Panels(history);
        if (panels.Count == 0) return "<div class=\"nn-history\"><em>No training recorded yet.</em></div>";
        var html = new StringBuilder("<div class=\"nn-history\" style=\"display:flex;flex-wrap:wrap;gap:8px\">");
        foreach (var panel in panels) html.Append(PanelHtml(panel, interactive: true));
        return html.Append("</div>").ToString();
    }

    /// <summary>One panel: the SVG, and (when interactive) a script replacing it with a plotly.js chart if plotly is loaded.</summary>
    public static string PanelHtml(Panel panel, bool interactive)
    {
        var id = $"nn-chart-{Interlocked.Increment(ref nextId)}-{Environment.ProcessId}";
        var html = new StringBuilder($"<div class=\"nn-chart\" id=\"{id}\" data-metric=\"{Html.Escape(panel.Title)}\" style=\"width:{Width}px;height:{Height}px\">");
        html.Append(Svg(panel)).Append("</div>");
        if (interactive) html.Append(PlotlyScript(id, panel));
        return html.ToString();
    }

    static string PlotlyScript(string id, Panel panel)
    {
        var traces = panel.Lines.Select(s => new Dictionary<string, object>
        {
            ["x"] = s.Points.Select(p => p.X).ToArray(), ["y"] = s.Points.Select(p => Finite(p.Y)).ToArray(),
            ["name"] = s.Name, ["mode"] = "lines+markers", ["line"] = new Dictionary<string, object> { ["color"] = s.Color },
        });
        var layout = new Dictionary<string, object>
        {
            ["title"] = new Dictionary<string, object> { ["text"] = panel.Title, ["font"] = new Dictionary<string, object> { ["size"] = 13 } },
            ["width"] = Width, ["height"] = Height, ["margin"] = new Dictionary<string, int> { ["l"] = 45, ["r"] = 10, ["t"] = 30, ["b"] = 35 },
            ["xaxis"] = new Dictionary<string, object> { ["title"] = new Dictionary<string, string> { ["text"] = panel.XLabel } },
            ["showlegend"] = panel.Lines.Count > 1, ["legend"] = new Dictionary<string, object> { ["orientation"] = "h" },
        };
        // A browser does not decode entities inside <script>, so the script must need none: no <, > or & in it
        // (nested ifs instead of &&; JsonSerializer escapes <, > and & inside strings). It then reads the same as
        // HTML and as well-formed XHTML.
        return $"<script type=\"text/javascript\">(function () {{ var el = document.getElementById('{id}'); " +
               $"if (window.Plotly) {{ if (el) {{ el.innerHTML = ''; window.Plotly.newPlot(el, {JsonSerializer.Serialize(traces)}, {JsonSerializer.Serialize(layout)}, {{ displaylogo: false, responsive: false }}); }} }} }})();</script>";
    }

    /// <summary>A line chart as SVG: axes with min/max labels, one polyline per series, a legend.</summary>
    public static string Svg(Panel panel)
    {
        const int left = 48, right = 10, top = 22, bottom = 30;
        var all = panel.Lines.SelectMany(s => s.Points).Where(p => double.IsFinite(p.Y)).ToArray();
        var svg = new StringBuilder($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"10\">");
        svg.Append($"<text x=\"{Width / 2}\" y=\"14\" text-anchor=\"middle\" font-size=\"12\">{Html.Escape(panel.Title)}</text>");
        if (all.Length > 0)
        {
            double x0 = all.Min(p => p.X), x1 = all.Max(p => p.X), y0 = all.Min(p => p.Y), y1 = all.Max(p => p.Y);
            if (x1 == x0) x1 = x0 + 1;
            if (y1 == y0) { y0 -= 0.5; y1 += 0.5; }
            double Sx(double x) => left + (x - x0) / (x1 - x0) * (Width - left - right);
            double Sy(double y) => Height - bottom - (y - y0) / (y1 - y0) * (Height - top - bottom);
            svg.Append($"<rect x=\"{left}\" y=\"{top}\" width=\"{Width - left - right}\" height=\"{Height - top - bottom}\" fill=\"none\" stroke=\"#ccc\" />");
            svg.Append($"<text x=\"{left - 4}\" y=\"{top + 8}\" text-anchor=\"end\">{NumberFormat.Short(y1)}</text>");
            svg.Append($"<text x=\"{left - 4}\" y=\"{Height - bottom}\" text-anchor=\"end\">{NumberFormat.Short(y0)}</text>");
            svg.Append($"<text x=\"{left}\" y=\"{Height - bottom + 12}\" text-anchor=\"start\">{NumberFormat.Short(x0)}</text>");
            svg.Append($"<text x=\"{Width - right}\" y=\"{Height - bottom + 12}\" text-anchor=\"end\">{NumberFormat.Short(x1)}</text>");
            svg.Append($"<text x=\"{(left + Width - right) / 2}\" y=\"{Height - 6}\" text-anchor=\"middle\" fill=\"#666\">{Html.Escape(panel.XLabel)}</text>");
            int legend = 0;
            foreach (var series in panel.Lines)
            {
                var points = series.Points.Where(p => double.IsFinite(p.Y)).Select(p => $"{F(Sx(p.X))},{F(Sy(p.Y))}");
                svg.Append($"<polyline data-series=\"{Html.Escape(series.Name)}\" fill=\"none\" stroke=\"{series.Color}\" stroke-width=\"1.5\" points=\"{string.Join(" ", points)}\" />");
                if (series.Points.Count == 1)
                    svg.Append($"<circle cx=\"{F(Sx(series.Points[0].X))}\" cy=\"{F(Sy(series.Points[0].Y))}\" r=\"2.5\" fill=\"{series.Color}\" />");
                if (panel.Lines.Count > 1)
                    svg.Append($"<text x=\"{Width - right - 4}\" y=\"{top + 12 + 12 * legend++}\" text-anchor=\"end\" fill=\"{series.Color}\">{Html.Escape(series.Name)}</text>");
            }
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Per-epoch metrics as a text table, for consoles.</summary>
    public static string ToText(TrainingHistory history)
    {
        var metrics = history.EpochMetricNames;
        var epochs = history.Epochs;
        if (epochs.Count == 0) return $"Training history: {history.Steps.Count} steps, no finished epoch.";
        var columns = metrics.SelectMany(m => new[] { (m, Split.Train), (m, Split.Validation) })
            .Where(c => epochs.Any(e => (c.Item2 == Split.Train ? e.Train : e.Validation).ContainsKey(c.m))).ToArray();
        var headers = columns.Select(c => ((c.Item2 == Split.Train ? "train " : "val ") + c.m).Length).ToArray();
        var text = new StringBuilder("epoch");
        foreach (var (c, w) in columns.Zip(headers)) text.Append("  ").Append(((c.Item2 == Split.Train ? "train " : "val ") + c.m).PadLeft(Math.Max(w, 8)));
        foreach (var e in epochs)
        {
            text.AppendLine().Append(e.Epoch.ToString(CultureInfo.InvariantCulture).PadLeft(5));
            foreach (var (c, w) in columns.Zip(headers))
            {
                var values = c.Item2 == Split.Train ? e.Train : e.Validation;
                text.Append("  ").Append((values.TryGetValue(c.m, out var v) ? NumberFormat.Short(v) : "").PadLeft(Math.Max(w, 8)));
            }
        }
        return text.ToString();
    }

    static IReadOnlyList<(double X, double Y)> Thin(IReadOnlyList<(double X, double Y)> points)
    {
        if (points.Count <= MaxPoints) return points;
        int stride = (points.Count + MaxPoints - 1) / MaxPoints;
        return points.Where((_, i) => i % stride == 0 || i == points.Count - 1).ToArray();
    }

    static double? Finite(double y) => double.IsFinite(y) ? y : null;

    static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
}
