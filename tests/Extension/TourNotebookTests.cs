using System.Text.Json;
using NeuralNotebooks.Runner;
using NeuralNotebooks.Tests.Notebooks;

namespace NeuralNotebooks.Tests.Extension;

[Collection(NotebookCollection.Name)]
public class TourNotebookTests
{
    [Fact]
    public async Task The_tour_runs_in_a_real_kernel_and_shows_every_feature()
    {
        var result = await RunWithFreshRestoreCacheAsync("notebooks/01-tour.ipynb");

        NotebookTestKit.AssertPassed(result);
        var outputs = FinalOutputs(result.ExecutedCopy!);
        string Plain(int cell) => string.Join("\n", outputs[cell].Select(o => o.Plain));
        string Html(int cell) => string.Join("\n", outputs[cell].Select(o => o.Html));

        Assert.Contains("Magic commands: #!device", Plain(1));                              // this build's extension, not a cached one
        Assert.Contains("Device", Html(3));                                                  // #!device
        Assert.Equal("Seeded torch, CUDA and System.Random with 0.", Plain(4));              // #!seed
        Assert.StartsWith("tensor[3, 4] float32 cpu n=12 48 B\nmin -2.179  max 1.541", Plain(6));
        Assert.Contains("data-kind=\"heatmap\"", Html(8));
        Assert.Contains("NaN 1!  +Inf 1!", Plain(10));
        Assert.Contains("data-kind=\"histogram\"", Html(12));
        Assert.Equal("image 64x64", Plain(13));
        Assert.Equal("grid of 6 images 16x16", Plain(14));
        Assert.Contains("conv2 (Conv2d)     [1, 16, 14, 14]", Plain(16));
        Assert.Contains("[2, 10]", Html(18));                                                // #!summary with batch 2
        Assert.Single(outputs[20]);                                                          // one dashboard, updated in place
        Assert.StartsWith("[########################] epoch 5/5  batch 16/16  100%  done in", Plain(20));
        Assert.Contains("plotly.js v2.28.0", Html(22));                                      // the library, sent with the first chart
        Assert.Contains("What is the backpropagation algorithm?", Plain(24));                // #!question 2
        Assert.Contains("<details class=\"nn-answer\">", Html(25));                          // #!quiz
        Assert.StartsWith("Self-check passed", Plain(27));
    }

    /// <summary>
    /// The kernel's #r "nuget:" goes through the F# dependency manager, which caches what a package set
    /// resolved to in ~/.packagemanagement/nuget/Cache, keyed without the packages folder: a kernel can get
    /// the paths another checkout restored (its NeuralNotebooks build) even though the runner gave it a
    /// packages folder of its own. Until the runner isolates that cache, this test gives its kernel a home
    /// whose .packagemanagement is new, sharing .nuget, .dotnet and .cache with the real one.
    /// </summary>
    static async Task<NotebookResult> RunWithFreshRestoreCacheAsync(string notebook)
    {
        var realHome = Environment.GetEnvironmentVariable("HOME")!;
        var home = Directory.CreateTempSubdirectory("nn-kernel-home-").FullName;
        foreach (var shared in new[] { ".nuget", ".dotnet", ".cache" })
            if (Directory.Exists(Path.Combine(realHome, shared)))
                Directory.CreateSymbolicLink(Path.Combine(home, shared), Path.Combine(realHome, shared));
        try
        {
            var options = NotebookTestKit.QuickMode with
            {
                Environment = new Dictionary<string, string>(NotebookTestKit.QuickMode.Environment) { ["HOME"] = home },
            };
            return await NotebookTestKit.RunAsync(notebook, options);
        }
        finally
        {
            Environment.SetEnvironmentVariable("HOME", realHome);
            try { Directory.Delete(home, recursive: true); } catch (IOException) { }
        }
    }

    sealed record Output(string Plain, string Html);

    /// <summary>Each cell's outputs as saved in the executed copy (display updates already applied).</summary>
    static Dictionary<int, List<Output>> FinalOutputs(string executedCopy)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(executedCopy));
        var cells = document.RootElement.GetProperty("cells").EnumerateArray().ToArray();
        var outputs = new Dictionary<int, List<Output>>();
        for (int i = 0; i < cells.Length; i++)
        {
            outputs[i] = [];
            if (!cells[i].TryGetProperty("outputs", out var list)) continue;
            foreach (var output in list.EnumerateArray())
            {
                string Mime(string mime) => output.TryGetProperty("data", out var data) && data.TryGetProperty(mime, out var value)
                    ? value.ValueKind == JsonValueKind.Array ? string.Concat(value.EnumerateArray().Select(v => v.GetString())) : value.GetString() ?? ""
                    : "";
                outputs[i].Add(new(Mime("text/plain"), Mime("text/html")));
            }
        }
        return outputs;
    }
}
