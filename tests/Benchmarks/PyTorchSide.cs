using System.Diagnostics;
using System.Text.Json;

namespace NeuralNotebooks.Benchmarks;

/// <summary>
/// Runs <c>pytorch_steps.py</c> under Debian's PyTorch (<c>/usr/bin/python3</c> with python3-torch) with the
/// same models, sizes and thread count, and reads back its timings.
/// </summary>
public static class PyTorchSide
{
    public const string Python = "/usr/bin/python3";

    public sealed record Result(string Version, int Threads, string BlasCore, IReadOnlyDictionary<string, (Timing Train, Timing Infer)> Models, Timing? Matmul);

    /// <summary>
    /// Debian 12's OpenBLAS (0.3.21) does not know newer Xeons (this machine reports a generic
    /// "Intel(R) Xeon(R) Processor" with AVX-512) and falls back to its Prescott (SSE3) kernels: 20 GFLOP/s
    /// instead of 100+ per core on a 1024² matmul. So, unless the user chose one, name the best core
    /// type the CPU's flags allow, as one would on such a machine; libtorch (TorchSharp) picks its own.
    /// </summary>
    public static string? OpenBlasCoreType(string cpuFlags)
    {
        var flags = cpuFlags.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        if (new[] { "avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl" }.All(flags.Contains)) return "SkylakeX";
        if (new[] { "avx2", "fma" }.All(flags.Contains)) return "Haswell";
        return null;
    }

    static string CpuFlags()
    {
        try { return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags"))?.Split(':')[1] ?? ""; }
        catch (IOException) { return ""; }
    }

    /// <summary>Null, with the reason, when PyTorch is not installed.</summary>
    public static string? Unavailable()
    {
        if (!File.Exists(Python)) return $"{Python} not found";
        var (code, _, _) = Run(Python, ["-c", "import torch"], TimeSpan.FromMinutes(1));
        return code == 0 ? null : "python3-torch is not installed (bash eng/setup.sh --bench installs it)";
    }

    public static Result Measure(IReadOnlyDictionary<string, ModelSize> sizes, int threads, int warmup, int matmulIterations)
    {
        var spec = new
        {
            threads,
            warmup,
            models = sizes.Keys.ToArray(),
            sizes = sizes.ToDictionary(s => s.Key, s => new { batch = s.Value.Batch, length = s.Value.Length, iterations = s.Value.Iterations }),
            matmul = matmulIterations,
        };
        using var doc = RunSteps(spec, threads);
        var root = doc.RootElement;
        var models = new Dictionary<string, (Timing, Timing)>();
        foreach (var m in root.GetProperty("results").EnumerateObject())
            models[m.Name] = (Samples(m.Value.GetProperty("train")), Samples(m.Value.GetProperty("infer")));
        Timing? matmul = root.TryGetProperty("matmul", out var mm) ? Samples(mm) : null;
        return new(root.GetProperty("torch").GetString()!, root.GetProperty("threads").GetInt32(), root.GetProperty("blas_core").GetString()!, models, matmul);
    }

    /// <summary>pytorch_steps.py's op-by-op timings of the CNN's forward pass (the list <see cref="CnnInference.Ops"/> times).</summary>
    public static IReadOnlyDictionary<string, Timing> MeasureCnnOps(int batch, int threads, int warmup, int iterations)
    {
        var spec = new { threads, warmup, cnn_inference = new { batch, iterations } };
        using var doc = RunSteps(spec, threads);
        return doc.RootElement.GetProperty("ops").EnumerateObject().ToDictionary(p => p.Name, p => Samples(p.Value));
    }

    /// <summary>Runs pytorch_steps.py on a JSON spec and returns its JSON answer.</summary>
    static JsonDocument RunSteps(object spec, int threads)
    {
        using var p = StartSteps(spec, threads, interactive: false);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(30))) { p.Kill(true); throw new TimeoutException("pytorch_steps.py took over 30 minutes"); }
        if (p.ExitCode != 0) throw new InvalidOperationException($"pytorch_steps.py failed ({p.ExitCode}): {stderr.Result.Trim()}");
        return JsonDocument.Parse(stdout.Result);
    }

    /// <summary>Starts pytorch_steps.py on a JSON spec with our thread count; <paramref name="interactive"/> keeps its stdin open.</summary>
    internal static Process StartSteps(object spec, int threads, bool interactive)
    {
        var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = interactive };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "pytorch_steps.py"));
        info.ArgumentList.Add(JsonSerializer.Serialize(spec));
        // Both BLAS and OpenMP get exactly our thread count, so neither side oversubscribes the cores.
        info.Environment["OMP_NUM_THREADS"] = threads.ToString();
        info.Environment["OPENBLAS_NUM_THREADS"] = threads.ToString();
        if (Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") is null && OpenBlasCoreType(CpuFlags()) is { } core)
            info.Environment["OPENBLAS_CORETYPE"] = core;
        return Process.Start(info)!;
    }

    internal static Timing Samples(JsonElement array) => Timing.FromSamples(array.EnumerateArray().Select(e => e.GetDouble()).ToArray());

    static (int Code, string Stdout, string Stderr) Run(string file, string[] args, TimeSpan limit)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(limit)) { p.Kill(true); return (-1, "", "timed out"); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
