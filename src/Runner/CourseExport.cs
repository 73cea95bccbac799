using System.Net;
using System.Text;

namespace NeuralNotebooks.Runner;

/// <summary>
/// The executed course as web pages: a standalone page next to each executed .ipynb, and an index at the
/// output root with every notebook's result and time. All math of all pages is rendered in one batch.
/// </summary>
public static class CourseExport
{
    /// <summary>Writes the pages and <c>index.html</c>; returns the index's path.</summary>
    public static string Write(string outputRoot, IReadOnlyList<NotebookResult> results, MathRenderer? renderer = null)
    {
        renderer ??= MathRenderer.Find();
        var math = new MathSnippets();
        var pages = new List<(NotebookResult Result, string? Page, string? Html)>();
        foreach (var result in results)
        {
            if (result.ExecutedCopy is not { } executed || !File.Exists(executed)) { pages.Add((result, null, null)); continue; }
            var page = Path.ChangeExtension(executed, ".html");
            pages.Add((result, page, NotebookPage.Render(executed, Path.GetFileNameWithoutExtension(executed), math)));
        }

        var rendered = renderer.Render(math.All);
        foreach (var (_, page, html) in pages)
            if (page is not null) File.WriteAllText(page, MathSnippets.Fill(html!, math.All, rendered));

        Directory.CreateDirectory(outputRoot);
        var index = Path.Combine(outputRoot, "index.html");
        File.WriteAllText(index, Index(outputRoot, pages, math.All.Count > 0 ? renderer.Problem : null));
        return index;
    }

    static string Index(string root, List<(NotebookResult Result, string? Page, string? Html)> pages, string? mathProblem)
    {
        var body = new StringBuilder("<h1>NeuralNotebooks: the executed course</h1>\n");
        int passed = pages.Count(p => p.Result.Passed);
        body.Append($"<p class=\"nn-summary\">{passed} passed, {pages.Count - passed} failed, {pages.Sum(p => p.Result.Elapsed.TotalSeconds):F0} s in all.</p>\n");
        if (mathProblem is not null) body.Append($"<p class=\"nn-note\">Note: {WebUtility.HtmlEncode(mathProblem)}.</p>\n");
        body.Append("<table class=\"nn-index\"><thead><tr><th>notebook</th><th>result</th><th>seconds</th><th>failing cell</th><th>first error line</th></tr></thead><tbody>\n");
        foreach (var (r, page, _) in pages)
        {
            var name = WebUtility.HtmlEncode(r.Notebook);
            var link = page is null ? name
                : $"<a href=\"{Href(root, page)}\">{name}</a> <small>(<a href=\"{Href(root, r.ExecutedCopy!)}\">.ipynb</a>)</small>";
            var result = !r.Passed ? "nn-fail\">FAIL" : r.BrokeAsExpected is null ? "nn-pass\">pass" : "nn-pass\">broke as expected";
            body.Append($"<tr><td>{link}</td><td class=\"{result}</td>" +
                        $"<td>{r.Elapsed.TotalSeconds:F1}</td><td>{r.FailedCell}</td><td>{WebUtility.HtmlEncode(NotebookRunner.FirstLine(r.Error ?? r.BrokeAsExpected ?? ""))}</td></tr>\n");
        }
        body.Append("</tbody></table>\n");
        return PageStyle.Document("NeuralNotebooks: executed course", body.ToString());
    }

    static string Href(string root, string file) =>
        WebUtility.HtmlEncode(string.Join('/', Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar).Select(Uri.EscapeDataString)));
}
