using System.Diagnostics;
using System.Runtime.InteropServices;
using TorchSharp;

namespace NeuralNotebooks.Runtime;

/// <summary>What a bug report needs: versions, device, threads, GPU.</summary>
public sealed record RuntimeDescription(
    string TorchSharpVersion,
    string LibTorchVersion,
    string Backend,
    string DefaultDevice,
    int CpuThreads,
    int CudaDevices,
    string? GpuName,
    string Os,
    string DotNet,
    string NativeLoader)
{
    public static RuntimeDescription Current()
    {
        var loader = TorchRuntime.EnsureLoaded();
        int cudaDevices = Devices.CudaAvailable ? torch.cuda.device_count() : 0;
        return new(
            TorchSharpVersions.TorchSharp,
            torch.__version__,
            DescribeBackend(loader.Backend, torch.__version__),
            Devices.Default.ToString(),
            torch.get_num_threads(),
            cudaDevices,
            cudaDevices > 0 ? QueryGpuName() : null,
            RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription,
            loader.Detail);
    }

    public IEnumerable<(string Name, string Value)> Rows()
    {
        yield return ("TorchSharp", TorchSharpVersion);
        yield return ("libtorch", LibTorchVersion);
        yield return ("Backend", Backend);
        yield return ("Device", DefaultDevice);
        yield return ("CPU threads", CpuThreads.ToString());
        yield return ("CUDA devices", CudaDevices == 0 ? "none" : CudaDevices.ToString());
        if (GpuName is not null) yield return ("GPU", GpuName);
        yield return ("OS", Os);
        yield return (".NET", DotNet);
        yield return ("Native loader", NativeLoader);
    }

    public override string ToString() => string.Join(Environment.NewLine, Rows().Select(r => $"{r.Name,-14}{r.Value}"));

    /// <summary>The backend that loaded: its package, the libtorch build it reports, and whether that build has CUDA.</summary>
    public static string DescribeBackend(LibTorchBackend? backend, string libTorchVersion)
    {
        var cuda = backend?.Cuda ?? libTorchVersion.Contains("+cu", StringComparison.Ordinal);
        var package = backend is null ? "the libtorch TorchSharp found itself" : $"{backend.Package} {backend.Version} (the {backend.Bundle} backend)";
        return $"{package}; libtorch {libTorchVersion}; CUDA build: {(cuda ? "yes" : "no")}";
    }

    /// <summary>TorchSharp has no device-name API; nvidia-smi, when installed, does.</summary>
    static string? QueryGpuName()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("nvidia-smi", "--query-gpu=name,memory.total --format=csv,noheader")
            { RedirectStandardOutput = true, RedirectStandardError = true });
            if (p is null) return null;
            var text = p.StandardOutput.ReadToEnd().Trim();
            return p.WaitForExit(5000) && p.ExitCode == 0 && text.Length > 0 ? text.Replace(Environment.NewLine, "; ") : null;
        }
        catch (Exception) { return null; }
    }
}
