namespace NeuralNotebooks.Runtime;

/// <summary>
/// One libtorch build a process can load: the NuGet package that carries it (e.g. <c>libtorch-cpu-linux-x64</c>
/// 2.10.0, which <c>TorchSharp-cpu</c> brings, or <c>libtorch-cuda-12.8-linux-x64</c>, which
/// <c>TorchSharp-cuda-linux</c> brings) and the folder its native files are in.
/// </summary>
public sealed record LibTorchBackend(string Package, string Version, string Folder)
{
    /// <summary>CUDA builds are the packages named <c>libtorch-cuda-&lt;cuda version&gt;-&lt;rid&gt;</c>.</summary>
    public bool Cuda => Package.StartsWith("libtorch-cuda", StringComparison.OrdinalIgnoreCase);

    /// <summary>The TorchSharp bundle a user references to get this build, as the one line they would change.</summary>
    public string Bundle => !Cuda ? "TorchSharp-cpu"
        : Package.Contains("-win-", StringComparison.OrdinalIgnoreCase) ? "TorchSharp-cuda-windows" : "TorchSharp-cuda-linux";

    public override string ToString() => $"{Package} {Version} ({(Cuda ? "CUDA" : "CPU only")})";
}
