using System.Diagnostics;
using NeuralNotebooks.Runner;

namespace NeuralNotebooks.Benchmarks;

/// <summary>
/// Wall time of the runner over every notebook in quick mode (kernel start included), and the fixed cost
/// of one notebook: a fresh kernel plus loading our package, measured with a notebook holding only that cell.
/// </summary>
public static class CourseTime
{
    public sealed record Result(TimeSpan FixedCost, IReadOnlyList<NotebookResult> Notebooks, TimeSpan Total);

    public static async Task<Result> RunAsync(string repositoryRoot, IReadOnlyList<string> notebooks)
    {
        var options = new RunOptions { Environment = new Dictionary<string, string> { ["NEURALNOTEBOOKS_MODE"] = "quick" } };
        var setupOnly = Path.Combine(repositoryRoot, "artifacts", "bench", "setup-only.ipynb");
        Directory.CreateDirectory(Path.GetDirectoryName(setupOnly)!);
        File.WriteAllText(setupOnly, """
            {"cells":[{"cell_type":"code","execution_count":null,"metadata":{"polyglot_notebook":{"kernelName":"csharp"}},"outputs":[],
              "source":["#r \"nuget: TorchSharp-cpu, 0.107.0\"\n", "#r \"nuget: NeuralNotebooks, 0.1.0\""]}],
             "metadata":{"kernelspec":{"display_name":".NET (C#)","language":"C#","name":".net-csharp"}},"nbformat":4,"nbformat_minor":5}
            """);
        var fixedRuns = new List<double>();
        for (int i = 0; i < 2; i++)
        {
            var r = await NotebookRunner.RunAsync(setupOnly, options);
            if (!r.Passed) throw new InvalidOperationException($"the setup-only notebook failed: {r.Error}");
            fixedRuns.Add(r.Elapsed.TotalSeconds);
        }
        var clock = Stopwatch.StartNew();
        var results = new List<NotebookResult>();
        foreach (var notebook in notebooks)
        {
            var r = await NotebookRunner.RunAsync(notebook, options);
            Console.WriteLine("  " + r.Line);
            results.Add(r);
        }
        return new(TimeSpan.FromSeconds(fixedRuns.Min()), results, clock.Elapsed);
    }
}
