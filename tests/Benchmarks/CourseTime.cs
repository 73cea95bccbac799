using System.Diagnostics;
using NeuralNotebooks.Runner;

namespace NeuralNotebooks.Benchmarks;

/// <summary>
/// Wall time of the runner over every notebook in quick mode (kernel start included), once per seed as the runner's
/// <c>--seeds</c> does it (<see cref="SeedSweep"/>), and the fixed cost of one notebook: a fresh kernel plus loading our
/// package, measured with a notebook holding only that cell. <see cref="Result.Notebooks"/> is the first seed's run.
/// </summary>
public static class CourseTime
{
    public sealed record Result(TimeSpan FixedCost, IReadOnlyList<NotebookResult> Notebooks, TimeSpan Total,
        IReadOnlyList<int> Seeds, IReadOnlyList<SeedSweep.Row> Spread);

    public static async Task<Result> RunAsync(string repositoryRoot, IReadOnlyList<string> notebooks, IReadOnlyList<int> seeds)
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
        var runs = new List<(int Seed, IReadOnlyList<NotebookResult> Results)>();
        var root = Path.Combine(repositoryRoot, "artifacts", "bench", "executed-seeds");
        foreach (var seed in seeds)
        {
            var seeded = SeedSweep.OptionsFor(options, root, seed);
            var results = new List<NotebookResult>();
            foreach (var notebook in notebooks)
            {
                var r = await NotebookRunner.RunAsync(notebook, seeded);
                Console.WriteLine($"  seed {seed} " + r.Line);
                results.Add(r);
            }
            runs.Add((seed, results));
        }
        return new(TimeSpan.FromSeconds(fixedRuns.Min()), runs[0].Results, clock.Elapsed, seeds, SeedSweep.Rows(runs));
    }
}
