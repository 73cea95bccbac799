using System.Net;
using System.Text;
using NeuralNotebooks.Practice.Progress;

namespace NeuralNotebooks.Practice;

/// <summary>All 20 exercises with the learner's status (or "no practice yet"), as text and HTML.</summary>
public static class ProgressView
{
    public sealed record Row(string Id, string Title, string Status, string Dates);

    public static IReadOnlyList<Row> Rows(IReadOnlyList<ProgressRecord> records) => PracticeCatalog.All.Select(e =>
    {
        if (e.Practice is null) return new Row(e.Id, e.Title, "no practice yet", "");
        var s = ExerciseStatus.From(e.Id, records);
        var dates = s.State switch
        {
            PracticeState.NotTried => "",
            PracticeState.Failing => $"{s.Attempts} attempt(s), last {s.LastTried:yyyy-MM-dd HH:mm}",
            _ => $"passed {s.PassedAt:yyyy-MM-dd HH:mm} after {s.Attempts} attempt(s)",
        };
        if (s.HintsShown > 0) dates += $"{(dates.Length > 0 ? "; " : "")}{s.HintsShown} hint(s)";
        return new Row(e.Id, e.Title, s.StateText, dates);
    }).ToArray();

    public static string ToText(IReadOnlyList<ProgressRecord> records)
    {
        var text = new StringBuilder("Practice progress (20 exercises)\n");
        foreach (var r in Rows(records)) text.Append($"  {r.Id}  {r.Status,-22} {r.Title}{(r.Dates.Length > 0 ? $"  ({r.Dates})" : "")}\n");
        return text.ToString();
    }

    public static string ToHtml(IReadOnlyList<ProgressRecord> records)
    {
        var html = new StringBuilder("<table class=\"nn-practice-progress\"><tr><th>#</th><th>exercise</th><th>status</th><th>when</th></tr>");
        foreach (var r in Rows(records))
            html.Append($"<tr><td>{r.Id}</td><td>{WebUtility.HtmlEncode(r.Title)}</td><td>{WebUtility.HtmlEncode(r.Status)}</td><td>{WebUtility.HtmlEncode(r.Dates)}</td></tr>");
        return html.Append("</table>").ToString();
    }
}
