using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice;

/// <summary>Compares the learner's tensor with the expected one: shape, NaN/Inf, worst difference and where, a heatmap.</summary>
public static class TensorDiff
{
    public static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";

    /// <summary>Null when they agree within the dtype's tolerance; otherwise a failed property for <paramref name="what"/>.</summary>
    public static PropertyResult? Compare(string property, string what, Tensor expected, Tensor got, string? cause = null)
    {
        using var scope = NewDisposeScope();
        if (!expected.shape.SequenceEqual(got.shape))
            return PropertyResult.Fail(property, $"{what}: expected shape {Shape(expected)}, got {Shape(got)}.", cause);
        var g = got.detach().to(expected.dtype);
        var e = expected.detach();
        if (!g.isfinite().all().item<bool>() && e.isfinite().all().item<bool>())
            return PropertyResult.Fail(property, $"{what} contains NaN or Inf where the expected values are finite.", cause);
        var tolerance = Tolerance.For(expected.dtype);
        if (g.allclose(e, tolerance.Relative, tolerance.Absolute)) return null;
        var difference = (g - e).abs().nan_to_num(double.PositiveInfinity);
        var flat = difference.flatten().argmax().item<long>();
        var index = Unravel(flat, expected.shape);
        var at = "[" + string.Join(", ", index) + "]";
        var detail = $"{what}: worst difference {difference.max().ToDouble():G4} at {at} (expected {e[Indices(index)].ToDouble():G6}, got {g[Indices(index)].ToDouble():G6}); tolerance atol {tolerance.Absolute:G1}, rtol {tolerance.Relative:G1} for {expected.dtype}.";
        return PropertyResult.Fail(property, detail, cause, Picture($"|got − expected| of {what}", difference, index));
    }

    static long[] Unravel(long flat, long[] shape)
    {
        var index = new long[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--) { index[d] = flat % shape[d]; flat /= shape[d]; }
        return index;
    }

    static TensorIndex[] Indices(long[] index) => index.Select(i => TensorIndex.Single(i)).ToArray();

    /// <summary>The matrix (last two axes) holding the worst entry, cut to a window of at most 12×12 around it.</summary>
    static Heatmap? Picture(string title, Tensor difference, long[] worst)
    {
        if (difference.dim() < 2) return null;
        var matrix = difference;
        for (int d = 0; d < difference.dim() - 2; d++) matrix = matrix[worst[d]];
        var (rows, cols) = ((int)matrix.shape[0], (int)matrix.shape[1]);
        int r0 = Window(worst[^2], rows), c0 = Window(worst[^1], cols);
        var window = matrix.narrow(0, r0, Math.Min(Heatmap.MaxSize, rows - r0)).narrow(1, c0, Math.Min(Heatmap.MaxSize, cols - c0)).to(ScalarType.Float64).cpu();
        var data = window.data<double>().ToArray();
        var values = new double[window.shape[0], window.shape[1]];
        for (int r = 0; r < values.GetLength(0); r++)
            for (int c = 0; c < values.GetLength(1); c++) values[r, c] = Math.Min(data[r * values.GetLength(1) + c], double.MaxValue);
        var prefix = difference.dim() > 2 ? $" at [{string.Join(", ", worst[..^2])}, :, :]" : "";
        return new Heatmap(title + prefix, values, r0, c0);

        static int Window(long worst, int size) => size <= Heatmap.MaxSize ? 0 : (int)Math.Clamp(worst - Heatmap.MaxSize / 2, 0, size - Heatmap.MaxSize);
    }
}
