namespace NeuralNotebooks.Tests;

/// <summary>The benchmark program, run end to end with tiny sizes, so it cannot rot between real runs.</summary>
[Collection(Notebooks.NotebookCollection.Name)]
public class BenchmarkSmokeTests
{
    [Fact]
    public async Task The_benchmark_runs_every_section_and_writes_its_table()
    {
        var output = Path.Combine(Directory.CreateTempSubdirectory("nn-bench-").FullName, "results.md");
        var entry = typeof(NeuralNotebooks.Benchmarks.ModelSteps).Assembly.EntryPoint!;
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            var task = entry.Invoke(null, [new[] { "--smoke", "--out", output }]);
            var code = task is Task<int> t ? await t : (int)task!;
            Assert.Equal(0, code);
        }
        finally { System.Globalization.CultureInfo.CurrentCulture = culture; }

        var md = File.ReadAllText(output);
        foreach (var section in new[] { "## TorchSharp vs PyTorch", "## Our overhead", "## Peak compute", "## Tensor formatter", "## Memory over a training run",
                                     "## The course: runner wall time, quick mode", "## Headline spread over seeds 0, 1 (quick mode)", "## CNN inference: BatchNorm folded or not" })
            Assert.Contains(section, md);
        // The setup notebook prints no headline: its row says so, and it passed for both seeds.
        Assert.Contains("| 00-setup.ipynb | (no headline printed) | – | – | – | – | – | pass / pass |", md);
        foreach (var model in new[] { "| mlp |", "| cnn |", "| lstm |", "| transformer |", "| gpt |" })
            Assert.Contains(model, md);
        // With Debian's PyTorch installed (eng/setup.sh --bench) the ratio column is filled; without it the table says why.
        if (NeuralNotebooks.Benchmarks.PyTorchSide.Unavailable() is null)
        {
            Assert.Matches(@"\| mlp \| 8 \| train \| [0-9.]+ \| [^|]+ \| [0-9.]+ \| [^|]+ \| [0-9.]+ \|", md);
            Assert.Matches(@"OpenBLAS \w+ kernels, \d+ threads", md);
            // The CNN inference variants, interleaved with PyTorch's: both timings and a per-round ratio with its middle half.
            foreach (var variant in NeuralNotebooks.Benchmarks.CnnInference.VariantNames)
                Assert.Matches($@"\| {variant} \| [0-9.]+ \| [0-9.–]+ \| [0-9.]+ \| [0-9.–]+ \| [0-9.]+ \([0-9.]+–[0-9.]+\) \|", md);
        }
        else
            Assert.Contains("PyTorch not measured", md);
    }
}
