using System.Net;
using System.Text;

namespace NeuralNotebooks.Practice;

/// <summary>
/// A small picture of |got − expected| over a matrix (at most 12×12, the window around the worst entry), as text
/// shades and as an HTML table, so a learner sees whether a whole row, a column or one entry is off.
/// </summary>
public sealed record Heatmap(string Title, double[,] Values, int RowOffset, int ColumnOffset)
{
    const string Shades = " .:-=+*#%@";
    public const int MaxSize = 12;

    double Max => Values.Cast<double>().DefaultIfEmpty(0).Max();

    public string ToText()
    {
        var max = Max;
        var text = new StringBuilder($"{Title} (rows {RowOffset}…, columns {ColumnOffset}…; ' ' none … '@' {max:G3})\n");
        for (int r = 0; r < Values.GetLength(0); r++)
        {
            text.Append("  |");
            for (int c = 0; c < Values.GetLength(1); c++)
                text.Append(Shades[max <= 0 ? 0 : (int)Math.Round(Values[r, c] / max * (Shades.Length - 1))]);
            text.Append("|\n");
        }
        return text.ToString();
    }

    public string ToHtml()
    {
        var max = Max;
        var html = new StringBuilder($"<table class=\"nn-heatmap\" style=\"border-collapse:collapse\"><caption>{WebUtility.HtmlEncode(Title)}</caption>");
        for (int r = 0; r < Values.GetLength(0); r++)
        {
            html.Append("<tr>");
            for (int c = 0; c < Values.GetLength(1); c++)
            {
                var alpha = max <= 0 ? 0 : Values[r, c] / max;
                html.Append($"<td title=\"[{r + RowOffset},{c + ColumnOffset}] {Values[r, c]:G4}\" style=\"width:14px;height:14px;padding:0;border:1px solid #ddd;background:rgba(200,30,30,{alpha:F2})\"></td>");
            }
            html.Append("</tr>");
        }
        return html.Append("</table>").ToString();
    }
}
