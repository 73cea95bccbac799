using System.Diagnostics;

namespace NeuralNotebooks.Benchmarks;

/// <summary>Median, mean and spread (10th–90th percentile) of repeated timings, in milliseconds.</summary>
public sealed record Timing(double MedianMs, double MeanMs, double P10Ms, double P90Ms, int Iterations)
{
    public string Spread => $"{P10Ms:F2}–{P90Ms:F2}";

    /// <summary>Runs <paramref name="action"/> <paramref name="warmup"/> times untimed, then times each of <paramref name="iterations"/> runs.</summary>
    public static Timing Measure(Action action, int warmup, int iterations)
    {
        for (int i = 0; i < warmup; i++) action();
        var samples = new double[iterations];
        for (int i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        return FromSamples(samples);
    }

    public static Timing FromSamples(IReadOnlyList<double> samples)
    {
        var sorted = samples.Order().ToArray();
        double At(double q) => sorted[(int)Math.Clamp(Math.Round(q * (sorted.Length - 1)), 0, sorted.Length - 1)];
        return new(At(0.5), sorted.Average(), At(0.1), At(0.9), sorted.Length);
    }
}
