using System.Text.Json;
using NeuralNotebooks.Tests.Notebooks;

namespace NeuralNotebooks.Tests.Extension;

[Collection(NotebookCollection.Name)]
public class TourNotebookTests
{
    [Fact]
    public async Task The_tour_runs_in_a_real_kernel_and_shows_every_feature()
    {
        var result = await NotebookTestKit.RunAsync("notebooks/01-tour.ipynb");

        NotebookTestKit.AssertPassed(result);
        // Cells are found by what they contain, not by position: adding a cell to the tour must not break this test.
        var cells = FinalCells(result.ExecutedCopy!);
        Cell Code(Func<string, bool> which, string what)
        {
            var found = cells.Where(c => c.Kind == "code" && which(c.Source)).ToList();
            Assert.True(found.Count == 1, $"the tour has {found.Count} code cells {what}; expected one");
            return found[0];
        }
        Cell Containing(string text) => Code(s => s.Contains(text, StringComparison.Ordinal), $"containing '{text}'");
        Cell Exactly(string text) => Code(s => s.Trim() == text, $"reading exactly '{text}'");
        var selfCheckHeading = cells.FindIndex(c => c.Kind == "markdown" && c.Source.StartsWith("## Self-check", StringComparison.Ordinal));
        Assert.True(selfCheckHeading >= 0, "the tour has no '## Self-check' heading");
        var selfCheck = cells.Skip(selfCheckHeading).First(c => c.Kind == "code");

        Assert.Contains("Magic commands: #!device", Containing("#r \"nuget: NeuralNotebooks").Plain);     // this build's extension, not a cached one
        Assert.Contains("Device", Exactly("#!device").Html);                                              // #!device
        Assert.Equal("Seeded torch, CUDA and System.Random with 0.", Exactly("#!seed 0").Plain);          // #!seed
        Assert.StartsWith("tensor[3, 4] float32 cpu n=12 48 B\nmin -2.179  max 1.541", Containing("var x = torch.randn(3, 4)").Plain);
        Assert.Contains("data-kind=\"heatmap\"", Containing("var big = torch.randn(1000, 1000)").Html);
        Assert.Contains("NaN 1!  +Inf 1!", Containing("var broken = torch.tensor(").Plain);
        Assert.Contains("data-kind=\"histogram\"", Exactly("torch.randn(100_000)").Html);
        Assert.Equal("image 64x64", Containing("A colour wheel").Plain);
        Assert.Equal("grid of 6 images 16x16", Containing("var batch = torch.rand(6, 1, 16, 16)").Plain);
        Assert.Contains("conv2 (Conv2d)     [1, 16, 14, 14]", Containing("var net = torch.nn.Sequential(").Plain);
        Assert.Contains("[2, 10]", Containing("#!summary net --input 2,1,28,28").Html);                  // #!summary with batch 2
        var training = Containing("var inputs = torch.rand(256, 1)");
        Assert.Single(training.Outputs);                                                                   // one dashboard, updated in place
        Assert.StartsWith("[########################] epoch 5/5  batch 16/16  100%  done in", training.Plain);
        Assert.Contains("plotly.js v2.28.0", Exactly("history").Html);                                    // the library, sent with the first chart
        Assert.Contains("What is the backpropagation algorithm?", Containing("#!question 2").Plain);      // #!question 2
        Assert.Contains("<details class=\"nn-answer\">", Exactly("#!quiz").Html);                        // #!quiz
        Assert.StartsWith("Self-check passed", selfCheck.Plain);
    }

    sealed record Cell(string Kind, string Source, List<Output> Outputs)
    {
        public string Plain => string.Join("\n", Outputs.Select(o => o.Plain));
        public string Html => string.Join("\n", Outputs.Select(o => o.Html));
    }

    sealed record Output(string Plain, string Html);

    /// <summary>Each cell with its source and its outputs as saved in the executed copy (display updates already applied).</summary>
    static List<Cell> FinalCells(string executedCopy)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(executedCopy));
        static string Text(JsonElement value) =>
            value.ValueKind == JsonValueKind.Array ? string.Concat(value.EnumerateArray().Select(v => v.GetString())) : value.GetString() ?? "";
        var cells = new List<Cell>();
        foreach (var cell in document.RootElement.GetProperty("cells").EnumerateArray())
        {
            var outputs = new List<Output>();
            if (cell.TryGetProperty("outputs", out var list))
                foreach (var output in list.EnumerateArray())
                {
                    string Mime(string mime) => output.TryGetProperty("data", out var data) && data.TryGetProperty(mime, out var value) ? Text(value) : "";
                    outputs.Add(new(Mime("text/plain"), Mime("text/html")));
                }
            cells.Add(new(cell.GetProperty("cell_type").GetString()!, Text(cell.GetProperty("source")), outputs));
        }
        return cells;
    }
}
