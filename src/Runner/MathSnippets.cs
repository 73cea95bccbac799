using System.Net;
using System.Text.RegularExpressions;

namespace NeuralNotebooks.Runner;

/// <summary>
/// The math of an export. Markdig's math extension marks <c>$…$</c> and <c>$$…$$</c> (as <c>\(…\)</c> and
/// <c>\[…\]</c> inside span/div class="math"; <see cref="NotebookPage"/> adds "display" to a <c>$$…$$</c> within a line); each is swapped for a placeholder, so that all of them can be
/// rendered in one batch (one node process per export) and filled in afterwards.
/// </summary>
public sealed partial class MathSnippets
{
    public sealed record Snippet(string Tex, bool Display);

    readonly List<Snippet> snippets = [];
    public IReadOnlyList<Snippet> All => snippets;

    [GeneratedRegex(@"<span class=""math( display)?"">\\\((.*?)\\\)</span>", RegexOptions.Singleline)]
    private static partial Regex Inline();

    [GeneratedRegex(@"<div class=""math"">\s*\\\[(.*?)\\\]\s*</div>", RegexOptions.Singleline)]
    private static partial Regex Block();

    [GeneratedRegex(@"<!--nn-math:(\d+)-->")]
    private static partial Regex Placeholder();

    /// <summary>Markdig's HTML with each math element replaced by a placeholder.</summary>
    public string Take(string html)
    {
        html = Block().Replace(html, m => Add(m.Groups[1].Value, display: true));
        return Inline().Replace(html, m => Add(m.Groups[2].Value, display: m.Groups[1].Success));
    }

    string Add(string escapedTex, bool display)
    {
        snippets.Add(new(WebUtility.HtmlDecode(escapedTex).Trim(), display));
        return $"<!--nn-math:{snippets.Count - 1}-->";
    }

    /// <summary>Puts rendered math (MathML, or null where rendering failed) in place of the placeholders.</summary>
    public static string Fill(string html, IReadOnlyList<Snippet> snippets, IReadOnlyList<string?> rendered) =>
        Placeholder().Replace(html, m =>
        {
            var i = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            return rendered[i] ?? Source(snippets[i]);
        });

    /// <summary>The TeX itself, styled, where it could not be rendered.</summary>
    static string Source(Snippet s)
    {
        var tex = WebUtility.HtmlEncode(s.Display ? $"$${s.Tex}$$" : $"${s.Tex}$");
        // A span, not a div: display math may sit inside a paragraph.
        return s.Display ? $"<span class=\"nn-tex-display\"><code class=\"nn-tex\">{tex}</code></span>" : $"<code class=\"nn-tex\">{tex}</code>";
    }
}
