using System.Globalization;
using NeuralNotebooks.Display;
using TorchSharp;
using static NeuralNotebooks.Tests.Display.XhtmlTestKit;

namespace NeuralNotebooks.Tests.Display;

public class TensorSummaryTests
{
    [Fact]
    public void The_header_names_shape_dtype_device_grad_elements_and_memory()
    {
        using var t = torch.zeros(2, 3, 4, requires_grad: true);
        var html = Parse(TensorSummary.Of(t).ToHtml());

        Assert.Equal("[2, 3, 4]", Text(html, "data-field", "shape"));
        Assert.Equal("float32", Text(html, "data-field", "dtype"));
        Assert.Equal("cpu", Text(html, "data-field", "device"));
        Assert.Equal("requires_grad", Text(html, "data-field", "grad"));
        Assert.Equal("24", Text(html, "data-field", "elements"));
        Assert.Equal("96 B", Text(html, "data-field", "memory"));
    }

    [Fact]
    public void A_result_of_autograd_says_it_has_a_grad_fn_and_a_view_says_it_is_not_contiguous()
    {
        using var w = torch.ones(3, 4, requires_grad: true);
        using var y = w * 2;
        using var view = torch.ones(3, 4).t();

        Assert.Equal("requires_grad, has grad_fn", Text(Parse(TensorSummary.Of(y).ToHtml()), "data-field", "grad"));
        Assert.Equal("non-contiguous view", Text(Parse(TensorSummary.Of(view).ToHtml()), "data-field", "layout"));
    }

    [Fact]
    public void Statistics_match_values_computed_in_dotnet()
    {
        var data = Enumerable.Range(0, 50).Select(i => (float)Math.Sin(i) * 3 + (i % 7 == 0 ? 0 : 1)).ToArray();
        data[10] = 0; data[11] = 0;
        using var t = torch.tensor(data);
        var html = Parse(TensorSummary.Of(t).ToHtml());

        double mean = data.Average(v => (double)v);
        double std = Math.Sqrt(data.Sum(v => (v - mean) * (v - mean)) / (data.Length - 1));
        Assert.Equal(data.Min(), Number(Text(html, "data-stat", "min")), 3);
        Assert.Equal(data.Max(), Number(Text(html, "data-stat", "max")), 3);
        Assert.Equal(mean, Number(Text(html, "data-stat", "mean")), 3);
        Assert.Equal(std, Number(Text(html, "data-stat", "std")), 3);
        Assert.Equal(100.0 * data.Count(v => v == 0) / data.Length, Number(Text(html, "data-stat", "zeros").TrimEnd('%')), 1);
    }

    [Fact]
    public void NaN_and_infinities_are_counted_and_flagged_and_left_out_of_the_other_statistics()
    {
        using var t = torch.tensor(new[] { 1f, float.NaN, float.NaN, float.PositiveInfinity, -3f, float.NegativeInfinity });
        var html = Parse(TensorSummary.Of(t).ToHtml());

        Assert.Equal("2", Text(html, "data-stat", "nan"));
        Assert.Equal("1", Text(html, "data-stat", "+inf"));
        Assert.Equal("1", Text(html, "data-stat", "-inf"));
        foreach (var stat in new[] { "nan", "+inf", "-inf" })
            Assert.Single(WithClass(Single(html, "data-stat", stat), "nn-alert"));
        Assert.Equal(-3, Number(Text(html, "data-stat", "min")));
        Assert.Equal(1, Number(Text(html, "data-stat", "max")));
        Assert.Equal(-1, Number(Text(html, "data-stat", "mean")));
        Assert.Contains("NaN 2!", TensorSummary.Of(t).ToString());
    }

    [Fact]
    public void A_clean_tensor_raises_no_alert()
    {
        using var t = torch.randn(10);
        Assert.Empty(WithClass(Parse(TensorSummary.Of(t).ToHtml()), "nn-alert"));
    }

    [Fact]
    public void A_big_tensor_previews_only_its_edge_items()
    {
        using var t = torch.arange(100 * 200, dtype: torch.float32).reshape(100, 200);
        var preview = WithClass(Parse(TensorSummary.Of(t).ToHtml()), "nn-preview").Single().Value;
        var lines = preview.Split('\n');

        Assert.Equal(7, lines.Length);                      // 3 rows, "...", 3 rows
        Assert.Equal("tensor([[    0.,     1.,     2., ...,   197.,   198.,   199.],", lines[0]);
        Assert.Equal("        ...,", lines[3]);
        Assert.Equal("        [19800., 19801., 19802., ..., 19997., 19998., 19999.]])", lines[6]);
    }

    [Fact]
    public void A_small_tensor_previews_every_value()
    {
        using var t = torch.arange(12, dtype: torch.float32).reshape(3, 4) / 4;
        Assert.Equal(
            "tensor([[0.0000, 0.2500, 0.5000, 0.7500],\n        [1.0000, 1.2500, 1.5000, 1.7500],\n        [2.0000, 2.2500, 2.5000, 2.7500]])",
            TensorSummary.Of(t).Preview);
    }

    [Fact]
    public void Plain_text_of_a_seeded_tensor_is_stable()
    {
        torch.manual_seed(0);
        using var t = torch.randn(3, 4);
        Assert.Equal(
            """
            tensor[3, 4] float32 cpu n=12 48 B
            min -2.179  max 1.541  mean -0.2618  std 1.035  zeros 0%
            tensor([[ 1.5410, -0.2934, -2.1788,  0.5684],
                    [-1.0845, -1.3986,  0.4033,  0.8380],
                    [-0.7193, -0.4033, -0.5966,  0.1820]])
            """.ReplaceLineEndings("\n"),
            TensorSummary.Of(t).ToString());
    }

    [Fact]
    public void Plain_text_of_scalars_empties_ints_and_bools_is_stable()
    {
        Assert.Equal("tensor[] float32 cpu n=1 4 B\ntensor(3.5000)", TensorSummary.Of(torch.tensor(3.5f)).ToString());
        Assert.Equal("tensor[0, 3] float32 cpu n=0 0 B\ntensor([], size=(0, 3))", TensorSummary.Of(torch.zeros(0, 3)).ToString());
        Assert.Equal(
            "tensor[5] int64 cpu n=5 40 B\nmin 0  max 4  mean 2  std 1.581  zeros 20%\ntensor([0, 1, 2, 3, 4])",
            TensorSummary.Of(torch.arange(5)).ToString());
        Assert.Equal(
            "tensor[3] bool cpu n=3 3 B\nmin 0  max 1  mean 0.6667  std 0.5774  zeros 33.3%\ntensor([ True, False,  True])",
            TensorSummary.Of(torch.tensor(new[] { true, false, true })).ToString());
    }

    [Theory]
    [InlineData(torch.ScalarType.Float16, "float16")]
    [InlineData(torch.ScalarType.BFloat16, "bfloat16")]
    [InlineData(torch.ScalarType.Float32, "float32")]
    [InlineData(torch.ScalarType.Float64, "float64")]
    [InlineData(torch.ScalarType.Int8, "int8")]
    [InlineData(torch.ScalarType.Int16, "int16")]
    [InlineData(torch.ScalarType.Int32, "int32")]
    [InlineData(torch.ScalarType.Int64, "int64")]
    [InlineData(torch.ScalarType.Byte, "uint8")]
    [InlineData(torch.ScalarType.Bool, "bool")]
    [InlineData(torch.ScalarType.ComplexFloat32, "complex64")]
    [InlineData(torch.ScalarType.ComplexFloat64, "complex128")]
    public void Every_dtype_formats_with_statistics_and_a_preview(torch.ScalarType dtype, string name)
    {
        using var t = (torch.arange(24, dtype: torch.float32).reshape(4, 6) - 10).to_type(dtype);
        var summary = TensorSummary.Of(t);
        var html = Parse(summary.ToHtml());

        Assert.Null(summary.Unreadable);
        Assert.Equal(name, Text(html, "data-field", "dtype"));
        Assert.Single(WithClass(html, "nn-stats"));
        Assert.StartsWith("tensor([[", summary.Preview);
    }

    [Fact]
    public void Complex_statistics_describe_the_magnitude()
    {
        using var t = torch.complex(torch.tensor(new[] { 3f, 0f }), torch.tensor(new[] { 4f, 1f }));
        var summary = TensorSummary.Of(t);
        Assert.True(summary.Statistics!.OfMagnitude);
        Assert.Equal(5, summary.Statistics.Max, 5);
        Assert.Equal("tensor([3.+4.j, 0.+1.j])", summary.Preview);
    }

    [Fact]
    public void A_disposed_tensor_gives_one_plain_line()
    {
        var t = torch.ones(3);
        t.Dispose();
        var summary = TensorSummary.Of(t);

        Assert.Equal("tensor (disposed: its memory has been freed, nothing to show)", summary.ToString());
        Assert.Equal("tensor (disposed: its memory has been freed, nothing to show)", Parse(summary.ToHtml()).Value);
    }

    [Fact]
    public void A_parameter_is_labelled_as_one()
    {
        using var p = new TorchSharp.Modules.Parameter(torch.ones(2, 2));
        Assert.StartsWith("parameter[2, 2] float32 cpu n=4 16 B requires_grad", TensorSummary.Of(p).ToString());
    }

    static double Number(string text) => double.Parse(text.TrimStart('≈'), CultureInfo.InvariantCulture);
}
