using System.Runtime.CompilerServices;
using NeuralNotebooks.Runtime;

namespace NeuralNotebooks.Tests;

static class TestHost
{
    /// <summary>Tests may call <c>torch</c> before touching any Core type: load TorchSharp first.</summary>
    [ModuleInitializer]
    internal static void LoadTorchSharp() => TorchRuntime.EnsureLoaded();

    /// <summary>The repository root (the folder with NeuralNotebooks.sln), found from the test binary.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NeuralNotebooks.sln"))) return dir.FullName;
        throw new InvalidOperationException("Tests must run from inside the NeuralNotebooks repository.");
    }
}
