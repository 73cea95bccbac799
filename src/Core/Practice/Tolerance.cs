using static TorchSharp.torch;

namespace NeuralNotebooks.Practice;

/// <summary>allclose tolerances per dtype: float32 sums in a different order differ by ~1e-6 relative; float64 by ~1e-15.</summary>
public sealed record Tolerance(double Absolute, double Relative)
{
    public static Tolerance For(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 => new(1e-9, 1e-7),
        ScalarType.Float16 or ScalarType.BFloat16 => new(1e-2, 1e-2),
        _ => new(1e-4, 1e-4),
    };
}
