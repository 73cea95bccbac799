using System.Globalization;
using System.Text;
using NeuralNotebooks.Display;

namespace NeuralNotebooks.Display;

/// <summary>
/// Attention weights as a labelled heatmap: one row per query token (what was produced), one column per
/// key token (what was read), each cell coloured by its weight on a 0–1 viridis scale, with the tokens
/// written along the axes. A plain HTML table, so it renders in any notebook front end without scripts.
/// </summary>
public static class AttentionHeatmap
{
    public static Picture Of(float[,] weights, IReadOnlyList<string> rowTokens, IReadOnlyList<string> columnTokens, string title)
    {
        int rows = weights.GetLength(0), columns = weights.GetLength(1);
        if (rowTokens.Count != rows || columnTokens.Count != columns)
            throw new ArgumentException($"expected {rows} row labels and {columns} column labels for a {rows}×{columns} map, got {rowTokens.Count} and {columnTokens.Count}.");
        var html = new StringBuilder("<div class=\"nn-picture\" data-kind=\"attention\">")
            .Append($"<div style=\"font-weight:bold;margin-bottom:4px\">{Html.Escape(title)}</div>")
            .Append("<table style=\"border-collapse:collapse;font-size:11px;font-family:monospace\"><tr><td></td>");
        foreach (var token in columnTokens)
            html.Append($"<th style=\"padding:1px 2px;font-weight:normal\">{Label(token)}</th>");
        html.Append("</tr>");
        for (var i = 0; i < rows; i++)
        {
            html.Append($"<tr><th style=\"padding:1px 4px;font-weight:normal;text-align:right\">{Label(rowTokens[i])}</th>");
            for (var j = 0; j < columns; j++)
            {
                var w = Math.Clamp(weights[i, j], 0f, 1f);
                var (r, g, b) = Colormap.Viridis(w);
                var value = weights[i, j].ToString("0.00", CultureInfo.InvariantCulture);
                html.Append($"<td title=\"{value}\" style=\"width:18px;height:18px;background:rgb({r},{g},{b})\"></td>");
            }
            html.Append("</tr>");
        }
        html.Append("</table><div class=\"nn-caption\" style=\"font-size:smaller;color:#666\">rows: output tokens, columns: input tokens; colour = attention weight, ")
            .Append($"<span style=\"display:inline-block;width:80px;height:8px;background:{Colormap.CssGradient}\"></span> 0 → 1</div></div>");
        return new Picture(html.ToString(), $"attention {rows}×{columns}: {title}", columns * 20 + 40, rows * 20 + 40);
    }

    static string Label(string token) => Html.Escape(token switch { " " => "␣", "\n" => "⏎", _ => token });
}
