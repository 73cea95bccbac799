using System.Net;
using System.Text;
using System.Text.Json;
using Markdig;
using Markdig.Syntax;

namespace NeuralNotebooks.Runner;

/// <summary>
/// One executed notebook (.ipynb) as a standalone HTML page, shown as a notebook front end shows it:
/// markdown rendered (math left as placeholders, see <see cref="MathSnippets"/>), code as code, and each
/// output by its richest kind: text/html inserted as is (our charts and the plotly.js they carry),
/// images, then plain text; stdout/stderr preformatted; errors marked.
/// </summary>
public static class NotebookPage
{
    static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().UseMathematics().Build();

    /// <summary>The page's HTML, with math placeholders added to <paramref name="math"/>.</summary>
    public static string Render(string executedNotebook, string title, MathSnippets math)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(executedNotebook));
        var body = new StringBuilder();
        int number = 0;
        foreach (var cell in doc.RootElement.GetProperty("cells").EnumerateArray())
        {
            var source = Text(cell.GetProperty("source"));
            var type = cell.GetProperty("cell_type").GetString();
            if (type == "markdown" || IsMarkdown(cell))
            {
                body.Append("<section class=\"nn-markdown\">").Append(math.Take(MarkdownHtml(source))).Append("</section>\n");
                continue;
            }
            if (type != "code") continue;
            number++;
            body.Append($"<section class=\"nn-cell\" id=\"cell-{number}\"><div class=\"nn-prompt\">[{number}]</div>");
            body.Append("<pre class=\"nn-code\"><code class=\"language-csharp\">").Append(WebUtility.HtmlEncode(source)).Append("</code></pre>");
            if (cell.TryGetProperty("outputs", out var outputs))
                foreach (var output in outputs.EnumerateArray()) body.Append(Output(output));
            body.Append("</section>\n");
        }
        return PageStyle.Document(title, body.ToString());
    }

    /// <summary>
    /// Markdown to HTML. <c>$$…$$</c> within a line is display math in notebooks (Jupyter, VS Code) but an inline
    /// span to Markdig: it gets the class "display" here so that it is rendered as a block.
    /// </summary>
    static string MarkdownHtml(string source)
    {
        var document = Markdig.Markdown.Parse(source, Markdown);
        foreach (var math in document.Descendants<Markdig.Extensions.Mathematics.MathInline>())
            if (math.DelimiterCount >= 2) Markdig.Renderers.Html.HtmlAttributesExtensions.GetAttributes(math).AddClass("display");
        return document.ToHtml(Markdown);
    }

    // Polyglot notebooks keep markdown cells as code cells of the "markdown" kernel in some writers.
    static bool IsMarkdown(JsonElement cell) =>
        cell.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object
        && m.TryGetProperty("polyglot_notebook", out var p) && p.TryGetProperty("kernelName", out var k) && k.GetString() == "markdown";

    static string Output(JsonElement output)
    {
        switch (output.GetProperty("output_type").GetString())
        {
            case "stream":
                var name = output.TryGetProperty("name", out var n) ? n.GetString() : "stdout";
                return $"<pre class=\"nn-output nn-{(name == "stderr" ? "stderr" : "stdout")}\">{WebUtility.HtmlEncode(Text(output.GetProperty("text")))}</pre>";
            case "error":
                var ename = output.TryGetProperty("ename", out var en) ? en.GetString() : "Error";
                var evalue = output.TryGetProperty("evalue", out var ev) ? ev.GetString() : "";
                // The message first; the kernel's stack trace (long, rarely read) folded away under it.
                var lines = (evalue ?? "").Split('\n', 2);
                var trace = lines.Length > 1 && lines[1].Trim().Length > 0
                    ? $"<details><summary>stack trace</summary><pre>{WebUtility.HtmlEncode(lines[1])}</pre></details>" : "";
                return $"<div class=\"nn-output nn-error\" role=\"alert\"><strong>{WebUtility.HtmlEncode(ename)}</strong><pre>{WebUtility.HtmlEncode(lines[0])}</pre>{trace}</div>";
            default:
                return output.TryGetProperty("data", out var data) ? Rich(data) : "";
        }
    }

    static string Rich(JsonElement data)
    {
        if (data.TryGetProperty("text/html", out var html))
            return $"<div class=\"nn-output nn-html\">{Text(html)}</div>";
        if (data.TryGetProperty("image/svg+xml", out var svg))
            return $"<div class=\"nn-output nn-svg\">{Text(svg)}</div>";
        if (data.TryGetProperty("image/png", out var png))
            return $"<div class=\"nn-output nn-image\">{Png(Text(png).Replace("\n", ""))}</div>";
        if (data.TryGetProperty("text/plain", out var plain))
            return $"<pre class=\"nn-output nn-plain\">{WebUtility.HtmlEncode(Text(plain))}</pre>";
        return "";
    }

    /// <summary>
    /// A PNG at least at its natural size; a small one (a 28x28 digit) scaled up by a whole factor with its pixels
    /// kept sharp, since a browser would show it as a speck.
    /// </summary>
    public static string Png(string base64)
    {
        const int readable = 224;
        var (width, height) = PngSize(base64);
        var scale = width is > 0 and < readable ? (int)Math.Ceiling(readable / (double)width) : 1;
        var size = width > 0 ? $" width=\"{width * scale}\" height=\"{height * scale}\"" : "";
        var style = scale > 1 ? " style=\"image-rendering: pixelated\"" : "";
        return $"<img class=\"nn-png\" alt=\"image output\" src=\"data:image/png;base64,{base64}\"{size}{style} />";
    }

    static (int Width, int Height) PngSize(string base64)
    {
        try
        {
            var head = Convert.FromBase64String(base64[..Math.Min(base64.Length, 32)]);
            // Signature (8 bytes), IHDR length and type (8), then width and height, big-endian.
            return head.Length >= 24 ? (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(16)),
                System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(20))) : (0, 0);
        }
        catch (FormatException) { return (0, 0); }
    }

    /// <summary>nbformat keeps multi-line text as a string or as an array of lines.</summary>
    static string Text(JsonElement value) => value.ValueKind == JsonValueKind.Array
        ? string.Concat(value.EnumerateArray().Select(v => v.GetString()))
        : value.GetString() ?? "";
}
