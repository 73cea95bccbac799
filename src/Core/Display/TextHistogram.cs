using System.Globalization;
using System.Text;

namespace NeuralNotebooks.Display;

/// <summary>
/// A histogram drawn with characters, one row per bin, so a distribution can be read in any output
/// (notebook, console, test log). Values outside [min, max) are counted in a final "outside" line, never dropped silently.
/// </summary>
public static class TextHistogram
{
    /// <summary>How many values fall in each of <paramref name="bins"/> equal bins of [min, max).</summary>
    public static int[] Counts(IEnumerable<float> values, double min, double max, int bins)
    {
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "A histogram needs at least 1 bin.");
        if (!(max > min)) throw new ArgumentException($"Expected min < max, got min {min} and max {max}.");
        var counts = new int[bins];
        foreach (var v in values)
        {
            if (v < min || v >= max || float.IsNaN(v)) continue;
            counts[Math.Min(bins - 1, (int)((v - min) / (max - min) * bins))]++;
        }
        return counts;
    }

    /// <summary>Rows like <c>[-1.00, -0.50)  ████████  42</c>; the longest bar is <paramref name="width"/> characters.</summary>
    public static string Render(IReadOnlyCollection<float> values, double min, double max, int bins = 20, int width = 40)
    {
        var counts = Counts(values, min, max, bins);
        int largest = Math.Max(1, counts.Max());
        var text = new StringBuilder();
        double step = (max - min) / bins;
        for (int i = 0; i < bins; i++)
        {
            var bar = new string('█', (int)Math.Round((double)counts[i] / largest * width));
            text.Append(CultureInfo.InvariantCulture, $"[{min + i * step,7:F2}, {min + (i + 1) * step,7:F2})  {bar.PadRight(width)}  {counts[i]}\n");
        }
        int outside = values.Count - counts.Sum();
        if (outside > 0) text.Append(CultureInfo.InvariantCulture, $"outside [{min}, {max}): {outside}\n");
        return text.ToString();
    }
}
