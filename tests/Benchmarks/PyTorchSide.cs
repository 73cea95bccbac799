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

    public sealed record Result(string Version, int Threads, IReadOnlyDictionary<string, (Timing Train, Timing Infer)> Models, Timing? Matmul);

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
        var script = Path.Combine(AppContext.BaseDirectory, "pytorch_steps.py");
        var (code, stdout, stderr) = Run(Python, [script, JsonSerializer.Serialize(spec)], TimeSpan.FromMinutes(30));
        if (code != 0) throw new InvalidOperationException($"pytorch_steps.py failed ({code}): {stderr.Trim()}");
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        var models = new Dictionary<string, (Timing, Timing)>();
        foreach (var m in root.GetProperty("results").EnumerateObject())
            models[m.Name] = (Samples(m.Value.GetProperty("train")), Samples(m.Value.GetProperty("infer")));
        Timing? matmul = root.TryGetProperty("matmul", out var mm) ? Samples(mm) : null;
        return new(root.GetProperty("torch").GetString()!, root.GetProperty("threads").GetInt32(), models, matmul);
    }

    static Timing Samples(JsonElement array) => Timing.FromSamples(array.EnumerateArray().Select(e => e.GetDouble()).ToArray());

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
