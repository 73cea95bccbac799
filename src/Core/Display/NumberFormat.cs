using System.Globalization;

namespace NeuralNotebooks.Display;

/// <summary>
/// PyTorch's rule for printing a group of floats alike: whole numbers as "3.", ordinary ranges with
/// four decimals, and scientific notation when the values span more than 1000x or leave [1e-4, 1e8).
/// </summary>
public sealed class NumberFormat
{
    readonly Func<double, string> write;
    NumberFormat(Func<double, string> write) => this.write = write;

    public string Write(double value) =>
        double.IsNaN(value) ? "nan" : double.IsPositiveInfinity(value) ? "inf" : double.IsNegativeInfinity(value) ? "-inf" : write(value);

    public static NumberFormat For(IReadOnlyCollection<double> values)
    {
        var finite = values.Where(double.IsFinite).Select(Math.Abs).Where(v => v != 0).ToArray();
        if (finite.Length == 0) return new(v => v == 0 ? "0." : Short(v));
        if (values.Where(double.IsFinite).All(v => v == Math.Floor(v)) && finite.Max() < 1e8)
            return new(v => v.ToString("0", CultureInfo.InvariantCulture) + ".");
        double largest = finite.Max(), smallest = finite.Min();
        if (largest / smallest > 1000 || largest >= 1e8 || smallest < 1e-4)
            return new(v => v.ToString("0.0000e+00", CultureInfo.InvariantCulture));
        return new(v => v.ToString("0.0000", CultureInfo.InvariantCulture));
    }

    /// <summary>Four significant digits, for statistics shown one at a time.</summary>
    public static string Short(double value) =>
        double.IsNaN(value) ? "nan" : double.IsInfinity(value) ? (value > 0 ? "inf" : "-inf")
        : value == 0 ? "0"
        : Math.Abs(value) is >= 1e-3 and < 1e4 ? value.ToString("G4", CultureInfo.InvariantCulture)
        : value.ToString("0.###e+0", CultureInfo.InvariantCulture);
}
