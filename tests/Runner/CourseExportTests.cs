using System.Text.Json;
using System.Text.RegularExpressions;
using NeuralNotebooks.Runner;

namespace NeuralNotebooks.Tests.Runner;

/// <summary>An executed notebook written by hand (every output kind) exported to HTML in a temp folder.</summary>
public class CourseExportTests
{
    // A 1x1 PNG: shown scaled up, pixels kept sharp.
    const string Pixel = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    static (string Root, NotebookResult Result) ExecutedNotebook()
    {
        var root = Directory.CreateTempSubdirectory("nn-export-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "notebooks"));
        var path = Path.Combine(root, "notebooks", "web.ipynb");
        object Code(string source, params object[] outputs) => new Dictionary<string, object?>
        {
            ["cell_type"] = "code", ["execution_count"] = 1, ["metadata"] = new { }, ["source"] = source, ["outputs"] = outputs,
        };
        var cells = new object[]
        {
            new Dictionary<string, object> { ["cell_type"] = "markdown", ["metadata"] = new { }, ["source"] = new[] { "# Web export\n", "\n", "Energy $E = mc^2$ and\n", "\n", "$$\n\\sum_{i=1}^{n} x_i\n$$\n" } },
            Code("var html = \"<b>\";", new Dictionary<string, object> { ["output_type"] = "display_data", ["metadata"] = new { }, ["data"] = new Dictionary<string, object> { ["text/html"] = "<b id=\"raw\">bold</b>", ["text/plain"] = "bold" } }),
            Code("pixel", new Dictionary<string, object> { ["output_type"] = "display_data", ["metadata"] = new { }, ["data"] = new Dictionary<string, object> { ["image/png"] = Pixel, ["text/plain"] = "image" } }),
            Code("6 * 7", new Dictionary<string, object> { ["output_type"] = "execute_result", ["execution_count"] = 3, ["metadata"] = new { }, ["data"] = new Dictionary<string, object> { ["text/plain"] = "42" } }),
            Code("Console.WriteLine(\"hello\");", new Dictionary<string, object> { ["output_type"] = "stream", ["name"] = "stdout", ["text"] = "hello <world>\n" }),
            Code("throw new Exception();", new Dictionary<string, object> { ["output_type"] = "error", ["ename"] = "Error", ["evalue"] = "System.Exception: self-check failed: 0.12 < 0.9\n   at Submission#5.<<Initialize>>d__0.MoveNext()", ["traceback"] = Array.Empty<string>() }),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, object> { ["cells"] = cells, ["metadata"] = new { }, ["nbformat"] = 4, ["nbformat_minor"] = 5 }));
        return (root, new NotebookResult("notebooks/web.ipynb", false, TimeSpan.FromSeconds(12.5), path, 5, "self-check failed: 0.12 < 0.9"));
    }

    [Fact]
    public void A_page_shows_markdown_code_and_every_output_kind_and_the_index_links_it()
    {
        var (root, result) = ExecutedNotebook();

        var index = CourseExport.Write(root, [result], MathRenderer.None("math is shown as TeX source because this test renders none"));

        var page = File.ReadAllText(Path.Combine(root, "notebooks", "web.html"));
        Assert.Matches("<h1[^>]*>Web export</h1>", page);
        Assert.Equal(5, Regex.Matches(page, "<pre class=\"nn-code\"><code class=\"language-csharp\">").Count);
        Assert.Contains("var html = &quot;&lt;b&gt;&quot;;", page);                      // code is text, not markup
        Assert.Contains("<div class=\"nn-output nn-html\"><b id=\"raw\">bold</b></div>", page); // html output as is
        Assert.Matches("<img class=\"nn-png\"[^>]* src=\"data:image/png;base64,iVBOR[^\"]+\" width=\"224\" height=\"224\" style=\"image-rendering: pixelated\"", page);
        Assert.Contains("<pre class=\"nn-output nn-plain\">42</pre>", page);
        Assert.Contains("<pre class=\"nn-output nn-stdout\">hello &lt;world&gt;\n</pre>", page);
        Assert.Matches("<div class=\"nn-output nn-error\"[^>]*><strong>Error</strong><pre>System.Exception: self-check failed: 0.12 &lt; 0.9</pre>"
            + "<details><summary>stack trace</summary><pre>   at Submission#5.&lt;&lt;Initialize&gt;&gt;d__0.MoveNext\\(\\)</pre></details></div>", page);
        Assert.Contains("<code class=\"nn-tex\">$E = mc^2$</code>", page);                  // no renderer: the TeX source
        Assert.Contains("<span class=\"nn-tex-display\"><code class=\"nn-tex\">$$\\sum_{i=1}^{n} x_i$$</code></span>", page);
        Assert.DoesNotContain("nn-math:", page);

        var html = File.ReadAllText(index);
        Assert.Equal(Path.Combine(root, "index.html"), index);
        Assert.Contains("<a href=\"notebooks/web.html\">notebooks/web.ipynb</a> <small>(<a href=\"notebooks/web.ipynb\">.ipynb</a>)</small>", html);
        Assert.Matches("<td class=\"nn-fail\">FAIL</td><td>12.5</td><td>5</td><td>self-check failed: 0.12 &lt; 0.9</td>", html);
        Assert.Contains("Note: math is shown as TeX source because this test renders none.", html);
    }

    [Fact]
    public void Without_a_math_renderer_the_page_shows_the_tex_and_the_index_says_why_once()
    {
        var (root, result) = ExecutedNotebook();
        var index = CourseExport.Write(root, [result], MathRenderer.None("node is not on PATH"));
        Assert.Contains("<code class=\"nn-tex\">$E = mc^2$</code>", File.ReadAllText(Path.Combine(root, "notebooks", "web.html")));
        Assert.Single(Regex.Matches(File.ReadAllText(index), "node is not on PATH"));
    }

    [Fact]
    public void A_break_it_run_that_broke_as_expected_says_so_in_the_index()
    {
        var (root, result) = ExecutedNotebook();
        var broke = result with { Passed = true, Error = null, BrokeAsExpected = "Self-check failed: 0.12 < 0.9" };
        var index = CourseExport.Write(root, [broke], MathRenderer.None("no math here"));
        Assert.Contains("<td class=\"nn-pass\">broke as expected</td><td>12.5</td><td>5</td><td>Self-check failed: 0.12 &lt; 0.9</td>", File.ReadAllText(index));
    }

    [MathRendererFact]
    public void Math_becomes_mathml_when_node_and_temml_are_installed()
    {
        var renderer = MathRenderer.Find();
        var (root, result) = ExecutedNotebook();

        var index = CourseExport.Write(root, [result], renderer);

        var page = File.ReadAllText(Path.Combine(root, "notebooks", "web.html"));
        Assert.Equal(2, Regex.Matches(page, "<math[ >]").Count);
        Assert.Single(Regex.Matches(page, "<math[^>]*display=\"block\""));
        Assert.Contains("<mi>E</mi>", page);
        Assert.DoesNotContain("class=\"nn-tex", page);
        Assert.DoesNotContain("Note:", File.ReadAllText(index));
    }
}
