using TorchSharp;

namespace NeuralNotebooks.Benchmarks;

/// <summary>
/// Single-precision 1024×1024 matrix product through TorchSharp, in GFLOP/s (2·n³ flops each), against
/// the CPU's theoretical peak: cores × clock × flops per cycle. An FMA unit does one multiply-add (2 flops)
/// per lane per cycle; with two FMA units and 8 float lanes (AVX2) that is 32 flops per cycle per core,
/// and 64 with 16 lanes (AVX-512).
/// </summary>
public static class MatmulPeak
{
    public sealed record Result(double GFlops, Timing Timing, int Threads, double ClockGHz, bool Avx512, double PeakAvx2, double PeakAvx512);

    public static Result Run(int n, int iterations)
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.randn(n, n);
        var b = torch.randn(n, n);
        var timing = Timing.Measure(() => { using var _ = a.matmul(b); }, warmup: 3, iterations);
        var gflops = 2.0 * n * n * n / (timing.MedianMs / 1000) / 1e9;
        var threads = torch.get_num_threads();
        var (clock, avx512) = CpuInfo();
        return new(gflops, timing, threads, clock, avx512, threads * clock * 32, threads * clock * 64);
    }

    /// <summary>Nominal clock from the model name ("@ 2.45GHz") when present, else the current MHz reading.</summary>
    static (double GHz, bool Avx512) CpuInfo()
    {
        try
        {
            var lines = File.ReadAllLines("/proc/cpuinfo");
            var model = lines.FirstOrDefault(l => l.StartsWith("model name")) ?? "";
            var at = model.IndexOf('@');
            double ghz = at >= 0 && double.TryParse(model[(at + 1)..].Replace("GHz", "").Trim(), System.Globalization.CultureInfo.InvariantCulture, out var g) ? g
                : double.Parse(lines.First(l => l.StartsWith("cpu MHz")).Split(':')[1], System.Globalization.CultureInfo.InvariantCulture) / 1000;
            var flags = lines.FirstOrDefault(l => l.StartsWith("flags")) ?? "";
            return (ghz, flags.Contains(" avx512f"));
        }
        catch (Exception) { return (0, false); }
    }
}
