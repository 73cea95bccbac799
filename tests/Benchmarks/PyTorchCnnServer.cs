using System.Diagnostics;
using System.Text.Json;

namespace NeuralNotebooks.Benchmarks;

/// <summary>
/// pytorch_steps.py kept running with exercise 8's CNN built, timing a variant on request. The VM's speed drifts
/// by up to 2× over minutes, so comparing a TorchSharp block with a PyTorch block measured minutes apart says more
/// about the drift than about the runtimes; with the PyTorch side on call, the two can alternate every few calls.
/// </summary>
public sealed class PyTorchCnnServer : IDisposable
{
    readonly Process process;

    public string Version { get; }

    public PyTorchCnnServer(int batch, int threads)
    {
        process = PyTorchSide.StartSteps(new { threads, serve_cnn_inference = new { batch } }, threads, interactive: true);
        using var hello = JsonDocument.Parse(ReadLine());
        Version = hello.RootElement.GetProperty("torch").GetString()!;
    }

    /// <summary>One untimed call of <paramref name="variant"/> (one of <see cref="CnnInference.VariantNames"/>), then the milliseconds of <paramref name="calls"/> timed ones.</summary>
    public double[] Time(string variant, int calls)
    {
        process.StandardInput.WriteLine($"{variant}\t{calls}");
        process.StandardInput.Flush();
        using var answer = JsonDocument.Parse(ReadLine());
        return answer.RootElement.EnumerateArray().Select(e => e.GetDouble()).ToArray();
    }

    string ReadLine() => process.StandardOutput.ReadLine()
        ?? throw new InvalidOperationException($"pytorch_steps.py stopped: {process.StandardError.ReadToEnd().Trim()}");

    public void Dispose()
    {
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30))) process.Kill(true);
        process.Dispose();
    }
}
