using System.Net;
using System.Text;

namespace NeuralNotebooks.Practice;

/// <summary>A check report as text (consoles, the runner's logs) and as HTML (notebooks; no script).</summary>
public static class CheckReportView
{
    static string Mark(PropertyOutcome outcome) => outcome switch
    {
        PropertyOutcome.Passed => "✔",
        PropertyOutcome.Failed => "✘",
        _ => "–",
    };

    public static string ToText(CheckReport report)
    {
        var text = new StringBuilder(report.Summary).Append('\n');
        foreach (var p in report.Properties)
        {
            text.Append($"  {Mark(p.Outcome)} {p.Name}: {p.Detail}\n");
            if (p.Cause is not null && p.Outcome == PropertyOutcome.Failed) text.Append($"      likely cause: {p.Cause}\n");
            if (p.Difference is not null) text.Append(p.Difference.ToText());
        }
        if (!report.Passed) text.Append("Stuck? #!hint shows the next hint; #!solution shows the reference after a graded attempt.\n");
        return text.ToString();
    }

    public static string ToHtml(CheckReport report)
    {
        var color = report.Passed ? "#1a7f37" : "#b42318";
        var html = new StringBuilder($"<div class=\"nn-practice-report\"><p style=\"color:{color};font-weight:bold\">{WebUtility.HtmlEncode(report.Summary)}</p>");
        if (report.Properties.Count > 0)
        {
            html.Append("<table><tr><th></th><th>property</th><th>result</th></tr>");
            foreach (var p in report.Properties)
            {
                html.Append($"<tr><td>{Mark(p.Outcome)}</td><td>{WebUtility.HtmlEncode(p.Name)}</td><td>{WebUtility.HtmlEncode(p.Detail)}");
                if (p.Cause is not null && p.Outcome == PropertyOutcome.Failed) html.Append($"<br/><i>likely cause: {WebUtility.HtmlEncode(p.Cause)}</i>");
                if (p.Difference is not null) html.Append(p.Difference.ToHtml());
                html.Append("</td></tr>");
            }
            html.Append("</table>");
        }
        if (!report.Passed) html.Append("<p>Stuck? <code>#!hint</code> shows the next hint; <code>#!solution</code> shows the reference after a graded attempt.</p>");
        return html.Append("</div>").ToString();
    }
}
