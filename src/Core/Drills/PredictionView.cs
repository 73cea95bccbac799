using System.Net;
using System.Text;

namespace NeuralNotebooks.Drills;

/// <summary>A scored prediction as text (consoles, the runner) and as HTML (notebooks; no script).</summary>
public static class PredictionView
{
    public static string ToText(Prediction p)
    {
        var text = new StringBuilder($"Prediction {p.Id}: your guess {p.Guess} · measured {p.Measured}\n{Mark(p.Outcome)} {p.Verdict}\nWhy: {p.Why}\n");
        if (p.NotRecorded is not null) text.Append($"(Not recorded in your progress: {p.NotRecorded})\n");
        return text.ToString();
    }

    public static string ToHtml(Prediction p)
    {
        var color = p.Outcome switch { PredictionOutcome.Close => "#1a7f37", PredictionOutcome.Off => "#b42318", _ => "#6e7781" };
        var html = new StringBuilder("<div class=\"nn-prediction\">")
            .Append($"<p><b>Prediction</b> <code>{Encode(p.Id)}</code>: your guess <b>{Encode(p.Guess)}</b> · measured <b>{Encode(p.Measured)}</b></p>")
            .Append($"<p style=\"color:{color};font-weight:bold\">{Mark(p.Outcome)} {Encode(p.Verdict)}</p>")
            .Append($"<p><i>Why:</i> {Encode(p.Why)}</p>");
        if (p.NotRecorded is not null) html.Append($"<p class=\"nn-warning\">Not recorded in your progress: {Encode(p.NotRecorded)}</p>");
        return html.Append("</div>").ToString();
    }

    static string Mark(PredictionOutcome outcome) => outcome switch { PredictionOutcome.Close => "✔", PredictionOutcome.Off => "✘", _ => "–" };
    static string Encode(string s) => WebUtility.HtmlEncode(s);
}
