using System.Net;
using System.Text;

namespace NeuralNotebooks.Practice;

/// <summary>What #!practice shows: the piece to write, why it is asked, the exact signatures, how to grade it.</summary>
public static class TaskCard
{
    public static string ToText(PracticeExercise e)
    {
        var text = new StringBuilder($"Practice {e.Id} · {e.Title}\nWrite: {e.Piece}\nWhy interviewers ask it: {e.WhyAsked}\nSignatures:\n");
        foreach (var f in e.Functions) text.Append($"  {f.Signature}\n");
        return text.Append($"Then #!check grades it ({e.Hints.Count} hints with #!hint; #!solution after a graded attempt).").ToString();
    }

    public static string ToHtml(PracticeExercise e)
    {
        var html = new StringBuilder($"<div class=\"nn-practice-card\"><h3>Practice {e.Id} · {WebUtility.HtmlEncode(e.Title)}</h3>");
        html.Append($"<p><b>Write:</b> {WebUtility.HtmlEncode(e.Piece)}</p><p><b>Why interviewers ask it:</b> {WebUtility.HtmlEncode(e.WhyAsked)}</p><pre>");
        foreach (var f in e.Functions) html.Append(WebUtility.HtmlEncode(f.Signature)).Append('\n');
        return html.Append($"</pre><p>Then <code>#!check</code> grades it ({e.Hints.Count} hints with <code>#!hint</code>; <code>#!solution</code> after a graded attempt).</p></div>").ToString();
    }
}
