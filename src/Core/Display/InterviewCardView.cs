using System.Text;
using System.Text.RegularExpressions;
using NeuralNotebooks.Questions;

namespace NeuralNotebooks.Display;

/// <summary>Which title(s) a card shows: our English one, the guide's Chinese one, or both.</summary>
public enum CardLanguage { En, Zh, Both }

/// <summary>
/// An interview card as HTML or text. Shows whatever the card has: empty fields are left out, so a card
/// whose answer is still being written shows its titles and its notebook.
/// </summary>
public static partial class InterviewCardView
{
    public static CardLanguage ParseLanguage(string? lang) => (lang ?? "both").Trim().ToLowerInvariant() switch
    {
        "" or "both" => CardLanguage.Both,
        "en" => CardLanguage.En,
        "zh" => CardLanguage.Zh,
        _ => throw new ArgumentException($"Unknown language '{lang}'. Allowed: en, zh, both."),
    };

    public static string Label(InterviewCard card) => $"{(card.Kind == CardKind.Question ? "Question" : "Exercise")} {card.Number}";

    public static string ToHtml(InterviewCard card, CardLanguage language = CardLanguage.Both, bool answerFolded = false)
    {
        var html = new StringBuilder($"<div class=\"nn-card\" data-kind=\"{card.Kind.ToString().ToLowerInvariant()}\" data-number=\"{card.Number}\" style=\"border-left:4px solid #1f77b4;padding:4px 12px\">");
        html.Append($"<div style=\"font-size:smaller;color:#666\">{Label(card)}</div>");
        if (language != CardLanguage.Zh) html.Append($"<h3 class=\"nn-title-en\" style=\"margin:2px 0\">{Html.Escape(card.TitleEn)}</h3>");
        if (language != CardLanguage.En) html.Append($"<div class=\"nn-title-zh\" lang=\"zh\" style=\"font-size:larger\">{Html.Escape(card.TitleZh)}</div>");

        var answer = new StringBuilder();
        Section(answer, "short-answer", "Short answer", card.ShortAnswer);
        Section(answer, "depth", "In depth", card.Depth);
        Whiteboard(answer, card.Whiteboard);
        List(answer, "key-points", "Key points", card.KeyPoints);
        List(answer, "common-mistakes", "Common mistakes", card.CommonMistakes);
        Section(answer, "guide-shortfall", "Where the guide goes wrong", card.GuideShortfall);
        List(answer, "follow-ups", "Follow-up questions", card.FollowUps.Select(f => $"**{f.Question}** {f.Answer}").ToArray());
        if (answer.Length == 0) answer.Append("<p class=\"nn-pending\"><em>The answer to this card is still being written.</em></p>");

        html.Append(answerFolded ? $"<details class=\"nn-answer\"><summary>Answer</summary>{answer}</details>" : $"<div class=\"nn-answer\">{answer}</div>");
        if (card.Notebook.Length > 0)
            html.Append($"<p class=\"nn-notebook\" style=\"font-size:smaller\">Goes deeper: <code>notebooks/{Html.Escape(card.Notebook)}</code></p>");
        return html.Append("</div>").ToString();
    }

    public static string ToText(InterviewCard card, CardLanguage language = CardLanguage.Both)
    {
        var text = new StringBuilder(Label(card)).AppendLine();
        if (language != CardLanguage.Zh) text.AppendLine(card.TitleEn);
        if (language != CardLanguage.En) text.AppendLine(card.TitleZh);
        void Part(string title, string? body) { if (!string.IsNullOrWhiteSpace(body)) text.AppendLine().AppendLine(title + ":").AppendLine(MathText.ToText(body.Trim())); }
        void Items(string title, IReadOnlyList<string> items) { if (items.Count > 0) Part(title, string.Join(Environment.NewLine, items.Select(i => "- " + i))); }
        Part("Short answer", card.ShortAnswer);
        Part("In depth", card.Depth);
        Part("On the whiteboard", card.Whiteboard is null ? null : WhiteboardText(card.Whiteboard));
        Items("Key points", card.KeyPoints);
        Items("Common mistakes", card.CommonMistakes);
        Part("Where the guide goes wrong", card.GuideShortfall);
        Items("Follow-up questions", card.FollowUps.Select(f => $"{f.Question} {f.Answer}").ToArray());
        if (card.Notebook.Length > 0) text.AppendLine().Append("Goes deeper: notebooks/").AppendLine(card.Notebook);
        return text.ToString().TrimEnd();
    }

    static void Section(StringBuilder html, string name, string title, string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return;
        html.Append($"<div class=\"nn-{name}\"><strong>{title}</strong>");
        foreach (var paragraph in markdown.Trim().Split(["\n\n", "\r\n\r\n"], StringSplitOptions.RemoveEmptyEntries))
            html.Append($"<p style=\"margin:4px 0\">{Inline(paragraph)}</p>");
        html.Append("</div>");
    }

    /// <summary>Paragraphs of formulas (one per line) and ```text diagrams, shown as preformatted text.</summary>
    static void Whiteboard(StringBuilder html, string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return;
        html.Append("<div class=\"nn-whiteboard\"><strong>On the whiteboard</strong>");
        foreach (var (isDiagram, lines) in WhiteboardBlocks(markdown))
            html.Append(isDiagram
                ? $"<pre style=\"margin:4px 0;line-height:1.2\">{Html.Escape(string.Join("\n", lines))}</pre>"
                : $"<p style=\"margin:4px 0\">{string.Join("<br/>", lines.Select(Inline))}</p>");
        html.Append("</div>");
    }

    /// <summary>The whiteboard as text: formulas in Unicode, the diagram's lines as they are (fences dropped).</summary>
    static string WhiteboardText(string markdown) => string.Join("\n\n", WhiteboardBlocks(markdown)
        .Select(b => string.Join("\n", b.IsDiagram ? b.Lines : b.Lines.Select(MathText.ToText))));

    /// <summary>Splits whiteboard Markdown into ```text blocks and paragraphs (runs of non-empty lines).</summary>
    public static IReadOnlyList<(bool IsDiagram, IReadOnlyList<string> Lines)> WhiteboardBlocks(string markdown)
    {
        var blocks = new List<(bool, IReadOnlyList<string>)>();
        var current = new List<string>();
        bool inFence = false;
        void Flush(bool diagram) { if (current.Count > 0 || diagram) blocks.Add((diagram, current)); current = []; }
        foreach (var line in markdown.Replace("\r\n", "\n").Trim().Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) { Flush(inFence); inFence = !inFence; continue; }
            if (!inFence && line.Trim().Length == 0) { Flush(false); continue; }
            current.Add(inFence ? line.TrimEnd() : line.Trim());
        }
        Flush(inFence);
        return blocks;
    }

    static void List(StringBuilder html, string name, string title, IReadOnlyList<string> items)
    {
        if (items.Count == 0) return;
        html.Append($"<div class=\"nn-{name}\"><strong>{title}</strong><ul style=\"margin:2px 0\">");
        foreach (var item in items) html.Append($"<li>{Inline(item)}</li>");
        html.Append("</ul></div>");
    }

    /// <summary>The bits of Markdown our cards use inline: `code`, **bold** and $math$ (as Unicode, <see cref="MathText"/>).</summary>
    public static string Inline(string markdown)
    {
        // Formulas become placeholders first, so that escaping and the bold/code rules never touch their HTML.
        var formulas = new List<string>();
        var text = MathText.Replace(markdown.Trim(), tex => { formulas.Add(MathText.FormulaToHtml(tex)); return $"\u0001{formulas.Count - 1}\u0002"; });
        var escaped = Html.Escape(text);
        escaped = CodeSpan().Replace(escaped, "<code>$1</code>");
        escaped = Bold().Replace(escaped, "<strong>$1</strong>");
        return Placeholder().Replace(escaped, m => $"<span class=\"nn-math\">{formulas[int.Parse(m.Groups[1].Value)]}</span>");
    }

    [GeneratedRegex("`([^`]+)`")] private static partial Regex CodeSpan();
    [GeneratedRegex(@"\*\*([^*]+)\*\*")] private static partial Regex Bold();
    [GeneratedRegex("\u0001(\\d+)\u0002")] private static partial Regex Placeholder();
}
