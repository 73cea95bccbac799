using System.Text.Json;
using System.Text.RegularExpressions;
using NeuralNotebooks.Runner;
using PuppeteerSharp;

namespace NeuralNotebooks.Tests.Notebooks;

/// <summary>
/// The executed course opened in a real browser (Debian's Chromium, headless): what a parser of our HTML
/// cannot see — a script that throws, a chart that never turns interactive, a fallback that is not there.
/// </summary>
[Collection(NotebookCollection.Name)]
public class BrowserTests
{
    [ChromiumFact]
    public async Task The_exported_course_opens_without_errors_with_interactive_charts_and_visible_fallbacks()
    {
        var output = Directory.CreateTempSubdirectory("nn-web-").FullName;
        var scratch = WriteWebNotebook();
        var results = new List<NotebookResult>
        {
            await NotebookTestKit.RunAsync("notebooks/00-setup.ipynb", NotebookTestKit.QuickMode with { OutputRoot = output }),
            await NotebookRunner.RunAsync(scratch, NotebookTestKit.QuickMode with { OutputRoot = output }),
        };
        Directory.Delete(Path.GetDirectoryName(scratch)!, recursive: true); // it lives in the repository's artifacts/
        foreach (var r in results) NotebookTestKit.AssertPassed(r);
        var index = CourseExport.Write(output, results);
        var pages = results.Select(r => Path.ChangeExtension(r.ExecutedCopy!, ".html")).ToArray();

        // One notebook = one kernel session = plotly.js once, in the first chart's output.
        Assert.Single(Regex.Matches(File.ReadAllText(pages[1]), Regex.Escape("if (!window.Plotly)")));

        await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Chromium, Headless = true, Args = ["--no-sandbox"],
        });
        foreach (var file in pages.Prepend(index))
        {
            await using var page = await browser.NewPageAsync();
            var errors = new List<string>();
            page.PageError += (_, e) => errors.Add($"page error: {e.Message}");
            page.Console += (_, e) => { if (e.Message.Type == ConsoleType.Error) errors.Add($"console error: {e.Message.Text}"); };
            await page.GoToAsync(new Uri(file).AbsoluteUri, WaitUntilNavigation.Load);

            Assert.True(errors.Count == 0, $"{Path.GetFileName(file)}: {string.Join("; ", errors)}");
            if (file == index)
            {
                // The index links both pages (and their executed copies), by paths relative to it.
                var links = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('td a')].map(a => a.href)");
                Assert.Equal(pages.Concat(results.Select(r => r.ExecutedCopy!)).Order(), links.Select(l => new Uri(l).LocalPath).Order());
            }
            var charts = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('.nn-history .nn-chart').length");
            var plotted = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('.nn-history .nn-chart.js-plotly-plot').length");
            Assert.Equal(charts, plotted);
            Assert.Equal(charts, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('.js-plotly-plot').length"));
            // Images at least at their natural size.
            var images = await page.EvaluateExpressionAsync<bool[]>("[...document.images].map(i => i.complete && i.naturalWidth > 0 && i.getBoundingClientRect().width >= i.naturalWidth)");
            Assert.All(images, Assert.True);

            if (file != pages[1]) continue;
            Assert.Equal(2, charts / 2);                                                 // two histories, two panels each
            Assert.NotEmpty(images);
            Assert.Equal("Web export", await page.EvaluateExpressionAsync<string>("document.querySelector('h1').textContent"));
            if (MathRenderer.Find().Problem is null)
            {
                Assert.Equal(2, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('.nn-markdown math').length"));
                Assert.Equal(1, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('.nn-markdown math[display=block]').length"));
            }
            else // no renderer here: the same two formulas are shown as their TeX source
                Assert.Equal(2, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('.nn-markdown code.nn-tex').length"));

            // Where scripts do not run, every chart's SVG drawing stands in for it.
            await page.SetJavaScriptEnabledAsync(false);
            await page.ReloadAsync();
            var svgs = await page.QuerySelectorAllAsync(".nn-history .nn-chart > svg");
            Assert.Equal(charts, svgs.Length);
            foreach (var svg in svgs)
                Assert.True(await svg.BoundingBoxAsync() is { Width: > 100, Height: > 100 }, "an SVG fallback is not visible");
            Assert.Equal(0, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('.js-plotly-plot').length"));
        }
    }

    /// <summary>Markdown with math, two training histories (two charts each) and an image, inside the repository so it loads our package.</summary>
    static string WriteWebNotebook()
    {
        var folder = Path.Combine(TestHost.RepositoryRoot, "artifacts", "test-notebooks", Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "web.ipynb");
        const string history = """
            var history{0} = new TrainingHistory();
            for (int e = 1; e <= 3; e++)
                history{0}.AddEpoch(new EpochRecord(e, TimeSpan.FromSeconds(e),
                    new Dictionary<string, double> {{ ["loss"] = 1.0 / e, ["accuracy"] = 0.5 + e / 10.0 }},
                    new Dictionary<string, double> {{ ["loss"] = 1.2 / e, ["accuracy"] = 0.4 + e / 10.0 }}));
            history{0}
            """;
        object Markdown(string source) => new Dictionary<string, object> { ["cell_type"] = "markdown", ["metadata"] = new { }, ["source"] = source };
        object Code(string source) => new Dictionary<string, object?>
        {
            ["cell_type"] = "code", ["execution_count"] = null, ["outputs"] = Array.Empty<object>(), ["source"] = source,
            ["metadata"] = new Dictionary<string, object> { ["polyglot_notebook"] = new Dictionary<string, string> { ["kernelName"] = "csharp" } },
        };
        var cells = new[]
        {
            Markdown("# Web export\n\nThe loss $L = -\\frac{1}{n}\\sum_i \\log p_i$ falls, and\n\n$$\\sigma(x) = \\frac{1}{1 + e^{-x}}$$\n"),
            Code("#r \"nuget: TorchSharp-cpu, 0.107.0\"\n#r \"nuget: NeuralNotebooks, 0.1.0\""),
            Code("using TorchSharp;\nusing NeuralNotebooks.Display;\nusing NeuralNotebooks.Training;"),
            Code(string.Format(history, 1)),
            Code("torch.linspace(0, 1, 64).reshape(8, 8).AsImage()"),
            Code(string.Format(history, 2)),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["cells"] = cells, ["nbformat"] = 4, ["nbformat_minor"] = 5,
            ["metadata"] = new Dictionary<string, object> { ["kernelspec"] = new Dictionary<string, string> { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" } },
        }));
        return path;
    }
}
