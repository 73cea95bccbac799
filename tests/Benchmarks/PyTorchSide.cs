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

    /// <summary>pytorch_steps.py's CNN inference variants (unfused/fused × no_grad/inference_mode) and its op-by-op timings.</summary>
    public static (IReadOnlyDictionary<string, Timing> Variants, IReadOnlyDictionary<string, Timing> Ops) MeasureCnnInference(int batch, int threads, int warmup, int iterations)
    {
        var spec = new { threads, warmup, cnn_inference = new { batch, iterations } };
        using var doc = RunSteps(spec, threads);
        var root = doc.RootElement;
        Dictionary<string, Timing> Read(string key) => root.GetProperty(key).EnumerateObject().ToDictionary(p => p.Name, p => Samples(p.Value));
        return (Read("variants"), Read("ops"));
    }

    /// <summary>Runs pytorch_steps.py on a JSON spec and returns its JSON answer.</summary>
    static JsonDocument RunSteps(object spec, int threads)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "pytorch_steps.py");
        // Both BLAS and OpenMP get exactly our thread count, so neither side oversubscribes the cores.
        var environment = new Dictionary<string, string>
        {
            ["OMP_NUM_THREADS"] = threads.ToString(),
            ["OPENBLAS_NUM_THREADS"] = threads.ToString(),
        };
        if (Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") is null && OpenBlasCoreType(CpuFlags()) is { } core)
            environment["OPENBLAS_CORETYPE"] = core;
        var (code, stdout, stderr) = Run(Python, [script, JsonSerializer.Serialize(spec)], TimeSpan.FromMinutes(30), environment);
        if (code != 0) throw new InvalidOperationException($"pytorch_steps.py failed ({code}): {stderr.Trim()}");
        return JsonDocument.Parse(stdout);
    }

    static Timing Samples(JsonElement array) => Timing.FromSamples(array.EnumerateArray().Select(e => e.GetDouble()).ToArray());

    static (int Code, string Stdout, string Stderr) Run(string file, string[] args, TimeSpan limit, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(limit)) { p.Kill(true); return (-1, "", "timed out"); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
