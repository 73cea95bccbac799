using System.Reflection;

namespace NeuralNotebooks.Runtime;

/// <summary>The TorchSharp and libtorch versions this build was made against.</summary>
public static class TorchSharpVersions
{
    /// <summary>libtorch shipped with TorchSharp 0.107.0.</summary>
    public const string LibTorch = "2.10.0";

    public static string TorchSharp =>
        typeof(TorchSharp.torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "unknown";
}
