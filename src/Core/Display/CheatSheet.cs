using System.Globalization;
using System.Text;
using NeuralNotebooks.Questions;

namespace NeuralNotebooks.Display;

/// <summary>What the learner's own run of one notebook measured (from its executed copy).</summary>
/// <param name="HeadlineName">The name in the notebook's <c>Headline: name = value</c> line; null when it printed none.</param>
/// <param name="HeadlineValue">Its value.</param>
/// <param name="SelfCheckPassed">True when it printed "Self-check passed", false when the self-check failed; null when neither.</param>
/// <param name="RanAt">When the executed copy was written.</param>
/// <param name="Problem">Why the executed copy could not be read; everything else is then null.</param>
public sealed record MeasuredRun(string? HeadlineName, double? HeadlineValue, bool? SelfCheckPassed, DateTimeOffset? RanAt, string? Problem = null);

/// <summary>
/// The printable cheat sheet for the night before an interview: per card its titles, 30-second answer and key points,
/// and beside it the figures the learner's own run of its notebook measured. Built from plain data (the runner reads
/// the executed notebooks); one XHTML page, A4, questions and exercises each starting on a new page.
/// </summary>
public static class CheatSheet
{
    /// <param name="cards">The cards, in the order to print.</param>
    /// <param name="runs">Measured runs by notebook path (as <see cref="InterviewCard.Notebook"/>); a card without one shows "not run yet".</param>
    /// <param name="formulaToHtml">TeX (no dollars) to HTML: MathML when the caller can render it; Unicode (<see cref="MathText"/>) otherwise.</param>
    /// <param name="notices">Sentences for the top of the sheet (e.g. a folder that does not exist).</param>
    /// <param name="runCommand">How to run one notebook, given its path under notebooks/.</param>
    /// <param name="generatedAt">The date printed on the sheet (now when null).</param>
    public static string ToHtml(IReadOnlyList<InterviewCard> cards, IReadOnlyDictionary<string, MeasuredRun> runs,
        Func<string, string>? formulaToHtml = null, IReadOnlyList<string>? notices = null, Func<string, string>? runCommand = null,
        DateTimeOffset? generatedAt = null)
    {
        formulaToHtml ??= MathText.FormulaToHtml;
        runCommand ??= notebook => $"dotnet run --project src/Runner -- notebooks/{notebook}";
        var measured = cards.Count(c => runs.TryGetValue(c.Notebook, out var r) && r.Problem is null);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>");
        html.Append("<title>NeuralNotebooks cheat sheet</title>").Append(Style).Append("</head><body>");
        html.Append("<header><h1>Neural networks: the night before the interview</h1>");
        html.Append($"<p class=\"nn-sheet-summary\">{cards.Count} cards: the 30-second answer, the key points, and what your own run of each notebook measured ({measured} of {cards.Count} run). ");
        html.Append($"Made {Html.Escape((generatedAt ?? DateTimeOffset.Now).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))}.</p>");
        foreach (var notice in notices ?? []) html.Append($"<p class=\"nn-sheet-notice\">{Html.Escape(notice)}</p>");
        html.Append("</header>");

        foreach (var group in cards.GroupBy(c => c.Kind))
        {
            html.Append($"<section class=\"nn-sheet-section\" data-kind=\"{group.Key.ToString().ToLowerInvariant()}\"><h2>{(group.Key == CardKind.Question ? "Questions" : "Coding exercises")}</h2>");
            foreach (var card in group)
                Card(html, card, runs.GetValueOrDefault(card.Notebook), formulaToHtml, runCommand);
            html.Append("</section>");
        }
        return html.Append("</body></html>\n").ToString();
    }

    static void Card(StringBuilder html, InterviewCard card, MeasuredRun? run, Func<string, string> math, Func<string, string> runCommand)
    {
        html.Append($"<article class=\"nn-sheet-card\" data-card=\"{CardMarkdown.Id(card)}\">");
        html.Append("<div class=\"nn-measured\">").Append(Measured(card, run, runCommand)).Append("</div>");
        html.Append($"<h3><span class=\"nn-id\">{CardMarkdown.Id(card).ToUpperInvariant()}</span> {Html.Escape(card.TitleEn)} <span class=\"nn-zh\" lang=\"zh\">{Html.Escape(card.TitleZh)}</span></h3>");
        if (!string.IsNullOrWhiteSpace(card.ShortAnswer))
            html.Append($"<p class=\"nn-short\">{Markdown(card.ShortAnswer, math)}</p>");
        if (card.KeyPoints.Count > 0)
        {
            html.Append("<ul class=\"nn-key-points\">");
            foreach (var point in card.KeyPoints) html.Append($"<li>{Markdown(point, math)}</li>");
            html.Append("</ul>");
        }
        html.Append("</article>");
    }

    static string Measured(InterviewCard card, MeasuredRun? run, Func<string, string> runCommand)
    {
        if (run is null)
            return $"<span class=\"nn-not-run\">not run yet — run <code>{Html.Escape(runCommand(card.Notebook))}</code></span>";
        if (run.Problem is not null)
            return $"<span class=\"nn-problem\">{Html.Escape(run.Problem)}</span>";
        var parts = new StringBuilder();
        if (run.HeadlineName is not null && run.HeadlineValue is { } value)
            parts.Append($"<div class=\"nn-headline\"><span class=\"nn-headline-name\">{Html.Escape(run.HeadlineName)}</span> = <strong class=\"nn-headline-value\">{Html.Escape(value.ToString("G4", CultureInfo.InvariantCulture))}</strong></div>");
        else
            parts.Append("<div class=\"nn-headline\">no headline printed</div>");
        parts.Append(run.SelfCheckPassed switch
        {
            true => "<div class=\"nn-check nn-passed\">self-check passed</div>",
            false => "<div class=\"nn-check nn-failed\">self-check FAILED</div>",
            null => "<div class=\"nn-check\">self-check did not finish</div>",
        });
        if (run.RanAt is { } at)
            parts.Append($"<div class=\"nn-ran\">ran {Html.Escape(at.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))}</div>");
        return parts.ToString();
    }

    /// <summary>The card's inline Markdown (code, bold) with each formula from <paramref name="math"/>.</summary>
    static string Markdown(string text, Func<string, string> math)
    {
        // InterviewCardView does code/bold/math with Unicode math; swap its formulas for the caller's when given.
        if (math == MathText.FormulaToHtml) return InterviewCardView.Inline(text);
        var formulas = new List<string>();
        var withMarks = MathText.Replace(text, tex => { formulas.Add(math(tex)); return $"@@nn-formula-{formulas.Count - 1}@@"; });
        var html = InterviewCardView.Inline(withMarks);
        for (int i = 0; i < formulas.Count; i++) html = html.Replace($"@@nn-formula-{i}@@", $"<span class=\"nn-math\">{formulas[i]}</span>");
        return html;
    }

    const string Style = """
        <style>
        @page { size: A4; margin: 11mm 12mm; }
        body { font: 9pt/1.3 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111; max-width: 190mm; margin: 0 auto; }
        h1 { font-size: 14pt; margin: 0 0 2px; } h2 { font-size: 12pt; margin: 8px 0 4px; border-bottom: 1px solid #999; }
        h3 { font-size: 10pt; margin: 0 0 2px; } .nn-id { color: #1f77b4; } .nn-zh { font-weight: normal; color: #555; }
        .nn-sheet-summary, .nn-sheet-notice { margin: 2px 0; color: #444; } .nn-sheet-notice { color: #a00; }
        .nn-sheet-card { border-left: 3px solid #1f77b4; padding: 2px 6px; margin: 0 0 6px; break-inside: avoid; page-break-inside: avoid; overflow: hidden; }
        .nn-measured { float: right; width: 48mm; margin: 0 0 2px 6px; padding: 2px 4px; background: #f3f6fa; font-size: 8pt; }
        .nn-measured code { font-size: 7pt; word-break: break-all; }
        .nn-passed { color: #070; } .nn-failed, .nn-problem { color: #b00; font-weight: bold; } .nn-not-run { color: #666; }
        .nn-short { margin: 2px 0; } .nn-key-points { margin: 2px 0 0; padding-left: 14px; } .nn-key-points li { margin: 0; }
        math { font-size: 105%; }
        @media print {
          body { max-width: none; }
          .nn-sheet-section + .nn-sheet-section { break-before: page; page-break-before: always; }
          .nn-measured { background: none; border: 1px solid #bbb; }
          a { color: inherit; text-decoration: none; }
        }
        </style>
        """;
}
