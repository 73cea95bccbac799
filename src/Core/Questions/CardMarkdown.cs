using System.Net;
using System.Text;
using NeuralNotebooks.Display;

namespace NeuralNotebooks.Questions;

/// <summary>
/// A question card as the Markdown cells its notebook shows, so the notebook shows the bank instead of a retyped
/// copy. Each cell starts with a marker comment (invisible when rendered) naming the card and the section, e.g.
/// <c>&lt;!-- from the bank: q19 two-minute --&gt;</c>; the runner's <c>--sync-cards</c> writes the cells and a test
/// checks they are current. Math stays as <c>$…$</c>: notebook Markdown cells render TeX in VS Code and Jupyter.
/// </summary>
public static class CardMarkdown
{
    public const string MarkerStart = "<!-- from the bank: ";
    public const string MarkerEnd = " -->";

    /// <summary>One generated cell: which section, and its whole source (marker line first).</summary>
    public sealed record Section(string Name, string Source);

    /// <summary>Sections near the top of the notebook, after its title cell, in order.</summary>
    public static readonly IReadOnlyList<string> TopSections = ["short-answer", "guide-shortfall"];

    /// <summary>Sections of the "Rehearse it" block after the self-check, in order.</summary>
    public static readonly IReadOnlyList<string> RehearseSections = ["two-minute", "whiteboard", "key-points", "common-mistakes", "follow-ups"];

    /// <summary>The heading the follow-up section keeps (the notebook tests look for it).</summary>
    public const string FollowUpsHeading = "## Interview follow-ups";

    public static string Id(InterviewCard card) => $"{(card.Kind == CardKind.Question ? 'q' : 'e')}{card.Number:00}";

    public static string Marker(InterviewCard card, string section) => $"{MarkerStart}{Id(card)} {section}{MarkerEnd}";

    /// <summary>The card id and section named by a cell's first line, or null when it is not a generated cell.</summary>
    public static (string Card, string Section)? ReadMarker(string cellSource)
    {
        var first = cellSource.Split('\n', 2)[0].Trim();
        if (!first.StartsWith(MarkerStart, StringComparison.Ordinal) || !first.EndsWith(MarkerEnd, StringComparison.Ordinal)) return null;
        var parts = first[MarkerStart.Length..^MarkerEnd.Length].Split(' ', 2);
        return parts.Length == 2 ? (parts[0], parts[1]) : null;
    }

    /// <summary>Every section the card has, top ones first; a section whose field is empty is left out.</summary>
    public static IReadOnlyList<Section> Sections(InterviewCard card)
    {
        var sections = new List<Section>();
        void Add(string name, string? body) { if (!string.IsNullOrWhiteSpace(body)) sections.Add(new(name, Marker(card, name) + "\n" + body.Trim())); }

        Add("short-answer", $"## Short answer\n\n{card.ShortAnswer.Trim()}\n\n*Say it in 30 seconds. The two-minute answer and the whiteboard version are under **Rehearse it**, after the self-check.*");
        Add("guide-shortfall", card.GuideShortfall is null ? null : $"## Where the guide's answer falls short\n\n{card.GuideShortfall.Trim()}");
        Add("two-minute", $"## Rehearse it\n\nRead each part, then say it aloud without looking: the short answer (30 seconds, at the top), the two-minute answer, then draw the whiteboard version from memory.\n\n### The two-minute answer\n\n{card.Depth.Trim()}");
        Add("whiteboard", card.Whiteboard is null ? null : $"### On the whiteboard\n\n{WithLineBreaks(card.Whiteboard)}");
        Add("key-points", card.KeyPoints.Count == 0 ? null : "### Key points\n\n" + Bullets(card.KeyPoints));
        Add("common-mistakes", card.CommonMistakes.Count == 0 ? null : "### Common mistakes\n\n" + Bullets(card.CommonMistakes));
        Add("follow-ups", card.FollowUps.Count == 0 ? null : FollowUpsHeading + "\n\nAnswer each aloud, then open it to check.\n\n" + string.Join("\n\n", card.FollowUps.Select(Folded)));
        return sections;
    }

    /// <summary>A whiteboard's formulas are one per line: outside its ```text blocks each line but a paragraph's last ends in a Markdown hard break (two spaces).</summary>
    static string WithLineBreaks(string whiteboard)
    {
        var lines = whiteboard.Trim().Replace("\r\n", "\n").Split('\n');
        bool inFence = false;
        for (int i = 0; i < lines.Length; i++)
        {
            var fence = lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal);
            if (fence) { inFence = !inFence; continue; }
            var next = i + 1 < lines.Length ? lines[i + 1].Trim() : "";
            if (!inFence && lines[i].Trim().Length > 0 && next.Length > 0 && !next.StartsWith("```", StringComparison.Ordinal)) lines[i] = lines[i].TrimEnd() + "  ";
        }
        return string.Join("\n", lines);
    }

    static string Bullets(IReadOnlyList<string> items) => string.Join("\n", items.Select(i => "- " + i.Trim()));

    /// <summary>
    /// A follow-up folded: the question in the summary (plain text: Markdown and TeX do not render inside HTML tags,
    /// so its math is converted to Unicode), the answer as Markdown after a blank line, which Jupyter and VS Code render.
    /// </summary>
    static string Folded(FollowUp followUp) =>
        $"<details><summary>{WebUtility.HtmlEncode(MathText.ToText(followUp.Question.Trim()).Replace("`", "").Replace("**", ""))}</summary>\n\n{followUp.Answer.Trim()}\n\n</details>";
}
