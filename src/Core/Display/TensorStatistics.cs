using TorchSharp;

namespace NeuralNotebooks.Display;

/// <summary>
/// Summary statistics of a tensor, computed with torch ops on the tensor's own device: only scalars
/// come back to .NET, never the tensor. For complex tensors they describe the magnitude |z|; for bool
/// tensors, the values 0 and 1. Mean, std, min and max ignore NaN and ±Inf (which are counted instead).
/// Min, max and the NaN/Inf counts are always exact. Above <see cref="SampleLimit"/> elements, mean, std
/// and the zero fraction come from an evenly strided sample of about a million elements: each full pass
/// over 1e8 floats costs a few hundred milliseconds here, and the formatter must stay under a second.
/// </summary>
public sealed record TensorStatistics(
    long Count,
    double Min,
    double Max,
    double Mean,
    double Std,
    bool Sampled,           // huge tensors: mean, std and zeros from an evenly strided sample (see SampleLimit)
    long NaN,
    long PositiveInfinity,
    long NegativeInfinity,
    long Zeros,
    bool OfMagnitude)       // complex input: statistics of |z|
{
    /// <summary>Above this many elements, mean, std and zeros are estimated from a sample of a tenth as many.</summary>
    public const long SampleLimit = 10_000_000;

    public double ZeroFraction => Count == 0 ? 0 : (double)Zeros / Count;
    public long Finite => Count - NaN - PositiveInfinity - NegativeInfinity;
    public bool HasNonFinite => NaN + PositiveInfinity + NegativeInfinity > 0;

    /// <summary>Statistics of a non-empty, readable tensor.</summary>
    public static TensorStatistics Of(torch.Tensor tensor)
    {
        using var scope = torch.NewDisposeScope();
        var values = tensor.reshape(-1);
        bool magnitude = values.is_complex();
        if (magnitude) values = values.abs();
        values = values.dtype switch
        {
            torch.ScalarType.Float32 or torch.ScalarType.Float64 => values,
            torch.ScalarType.Float16 or torch.ScalarType.BFloat16 => values.to_type(torch.ScalarType.Float32), // sums overflow in 16 bits
            _ => values.to_type(torch.ScalarType.Float64),                                                      // ints and bool
        };
        long count = values.numel();

        // NaN and ±Inf propagate into min/max, so one aminmax pass proves a tensor clean; only a dirty one pays for the counts.
        var (lo, hi) = torch.aminmax(values);
        double min = lo.to_type(torch.ScalarType.Float64).item<double>(), max = hi.to_type(torch.ScalarType.Float64).item<double>();
        long nan = 0, posInf = 0, negInf = 0;
        if (!double.IsFinite(min) || !double.IsFinite(max))
        {
            nan = torch.isnan(values).sum().item<long>();
            posInf = torch.isposinf(values).sum().item<long>();
            negInf = torch.isneginf(values).sum().item<long>();
            values = values[torch.isfinite(values)];
            if (values.numel() == 0)
                return new(count, double.NaN, double.NaN, double.NaN, double.NaN, false, nan, posInf, negInf, 0, magnitude);
            (lo, hi) = torch.aminmax(values);
            min = lo.to_type(torch.ScalarType.Float64).item<double>();
            max = hi.to_type(torch.ScalarType.Float64).item<double>();
        }

        bool sampled = values.numel() > SampleLimit;
        if (sampled) values = values[torch.TensorIndex.Slice(0, null, values.numel() / (SampleLimit / 10))];
        long n = values.numel();
        var (s, m) = torch.std_mean(values);
        double mean = m.to_type(torch.ScalarType.Float64).item<double>();
        double std = n > 1 ? s.to_type(torch.ScalarType.Float64).item<double>() : double.NaN;
        long zerosSeen = n - torch.count_nonzero(values).item<long>();
        long zeros = sampled ? (long)Math.Round((double)zerosSeen / n * count) : zerosSeen;
        return new(count, min, max, mean, std, sampled, nan, posInf, negInf, zeros, magnitude);
    }
}
