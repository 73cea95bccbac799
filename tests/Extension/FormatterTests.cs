using Microsoft.DotNet.Interactive.Events;
using static NeuralNotebooks.Tests.Display.XhtmlTestKit;

namespace NeuralNotebooks.Tests.Extension;

[Collection(KernelCollection.Name)]
public class FormatterTests : IDisposable
{
    readonly KernelTestKit kit = new();
    public void Dispose() => kit.Dispose();

    static string Formatted(KernelTestKit.Cell cell, string mime)
    {
        Assert.Null(cell.Failure);
        return Assert.Single(cell.Result.Events.OfType<ReturnValueProduced>()).FormattedValues.Single(v => v.MimeType == mime).Value;
    }

    [Fact]
    public async Task A_tensor_in_a_cell_shows_our_summary_instead_of_TorchSharps_own()
    {
        var cell = await kit.RunAsync("TorchSharp.torch.arange(6, dtype: TorchSharp.torch.float32).reshape(2, 3)");
        var html = Parse(Formatted(cell, "text/html"));

        Assert.Equal("[2, 3]", Text(html, "data-field", "shape"));
        Assert.Equal("2.5", Text(html, "data-stat", "mean"));
        Assert.StartsWith("tensor[2, 3] float32 cpu n=6 24 B", Formatted(cell, "text/plain"));
    }

    [Fact]
    public async Task A_parameter_and_a_module_format_too()
    {
        await kit.RunAsync("var fc = TorchSharp.torch.nn.Linear(3, 2);");
        Assert.StartsWith("parameter[2, 3] float32 cpu", Formatted(await kit.RunAsync("fc.weight"), "text/plain"));
        var summary = Parse(Formatted(await kit.RunAsync("fc"), "text/html"));
        Assert.Equal("8", Text(summary, "data-total", "Total parameters"));
    }

    [Fact]
    public async Task A_disposed_tensor_shows_one_line_not_an_exception()
    {
        var cell = await kit.RunAsync("var t = TorchSharp.torch.ones(3); t.Dispose(); t");
        Assert.Equal("tensor (disposed: its memory has been freed, nothing to show)", Formatted(cell, "text/plain"));
    }

    [Fact]
    public async Task Pictures_asked_for_explicitly_show_as_images()
    {
        var cell = await kit.RunAsync("using NeuralNotebooks.Display;\nTorchSharp.torch.rand(3, 16, 24).AsImage()");
        using var bitmap = DecodeImage(WithClass(Parse(Formatted(cell, "text/html")), "nn-image").Single());
        Assert.Equal(24, bitmap.Width);
        Assert.Equal("image 24x16", Formatted(cell, "text/plain"));
    }

    [Fact]
    public async Task A_training_history_is_a_chart_and_plotly_js_is_sent_once()
    {
        const string history = """
            using NeuralNotebooks.Training;
            var h = new TrainingHistory();
            for (int e = 1; e <= 3; e++)
                h.AddEpoch(new EpochRecord(e, TimeSpan.FromSeconds(e), new Dictionary<string, double> { ["loss"] = 1.0 / e }, new Dictionary<string, double> { ["loss"] = 1.2 / e }));
            """;
        await kit.RunAsync(history);
        NeuralNotebooks.Extension.PlotlyLibrary.Reset();
        var first = Formatted(await kit.RunAsync("h"), "text/html");
        var second = Formatted(await kit.RunAsync("h"), "text/html");

        Assert.True(first.Length > 3_000_000, $"the first chart should carry plotly.js, it has {first.Length} chars");
        Assert.Contains("plotly.js v2.28.0", first);
        Assert.True(second.Length < 20_000, $"later charts send data only; this one has {second.Length} chars");
        var chart = Parse(second);
        Assert.Equal(2, chart.Descendants().Count(e => e.Name.LocalName == "polyline"));   // train and validation
        Assert.Equal("epoch  train loss  val loss\n    1           1       1.2\n    2         0.5       0.6\n    3      0.3333       0.4",
            Formatted(await kit.RunAsync("h"), "text/plain"));
    }
}
