using System.Diagnostics;
using System.Text.RegularExpressions;
using NeuralNotebooks.Display;
using NeuralNotebooks.Training;

namespace NeuralNotebooks.Tests.Display;

/// <summary>
/// A browser does not decode HTML entities inside &lt;script&gt;: a script written as escaped text is a syntax
/// error there, and the interactive chart never appears. Read the script as the browser does (raw text).
/// </summary>
public class ChartScriptTests
{
    static string ChartHtml()
    {
        var history = new TrainingHistory();
        history.AddStep(new StepRecord(1, 1, TimeSpan.FromSeconds(1), new Dictionary<string, double> { ["loss"] = 2.0 }));
        history.AddStep(new StepRecord(2, 1, TimeSpan.FromSeconds(2), new Dictionary<string, double> { ["loss"] = 1.5 }));
        for (int e = 1; e <= 3; e++)
            history.AddEpoch(new EpochRecord(e, TimeSpan.FromSeconds(e),
                new Dictionary<string, double> { ["loss"] = 1.0 / e, ["a<b & 'c'"] = 0.5 + e / 10.0 },
                new Dictionary<string, double> { ["loss"] = 1.1 / e }));
        return TrainingCharts.ToHtml(history);
    }

    static string[] Scripts(string html) =>
        Regex.Matches(html, "<script[^>]*>(.*?)</script>", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToArray();

    [Fact]
    public void Chart_scripts_carry_no_html_entities_and_are_well_formed_xhtml()
    {
        var html = ChartHtml();
        var scripts = Scripts(html);

        Assert.Equal(3, scripts.Length); // loss per step, loss, and the oddly named metric
        foreach (var script in scripts)
        {
            Assert.DoesNotMatch("&(#\\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);", script);
            Assert.DoesNotContain("<", script); // nor anything that would need one in XHTML
            Assert.DoesNotContain("&", script);
        }
        XhtmlTestKit.Parse(html); // still parses as XML, as the other formatter tests expect
    }

    [NodeFact]
    public void Chart_scripts_parse_as_javascript()
    {
        var node = Tools.Which("node")!;

        var folder = Directory.CreateTempSubdirectory("nn-chart-script-").FullName;
        var scripts = Scripts(ChartHtml());
        for (int i = 0; i < scripts.Length; i++)
        {
            var file = Path.Combine(folder, $"chart-{i}.js");
            File.WriteAllText(file, scripts[i]);
            var check = Process.Start(new ProcessStartInfo(node, ["--check", file]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            var error = check.StandardError.ReadToEnd();
            check.WaitForExit();
            Assert.True(check.ExitCode == 0, $"node --check rejected chart script {i}: {error}");
        }
    }
}
