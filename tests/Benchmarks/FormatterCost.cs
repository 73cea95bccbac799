using System.Diagnostics;
using NeuralNotebooks.Display;
using TorchSharp;

namespace NeuralNotebooks.Benchmarks;

/// <summary>Time and HTML size of the tensor formatter (the notebook's view of a tensor) by element count.</summary>
public static class FormatterCost
{
    public sealed record Result(long Elements, string Shape, Timing Timing, int HtmlBytes);

    public static IReadOnlyList<Result> Run(IEnumerable<long[]> shapes, int iterations)
    {
        var results = new List<Result>();
        foreach (var shape in shapes)
        {
            using var tensor = torch.randn(shape);
            int bytes = 0;
            var timing = Timing.Measure(() => bytes = System.Text.Encoding.UTF8.GetByteCount(TensorSummary.Of(tensor).ToHtml()), warmup: 1, iterations);
            results.Add(new(tensor.numel(), "[" + string.Join(", ", shape) + "]", timing, bytes));
        }
        return results;
    }
}
