using System.Text.Json;
using System.Text.RegularExpressions;

namespace NeuralNotebooks.Runtime;

/// <summary>
/// Finds which libtorch backend a process references, without loading anything (pure, so the rules are
/// testable with file trees in a temporary folder). TorchSharp's natives live in one of two places:
/// <list type="bullet">
/// <item>a built application or test host: everything in <c>runtimes/linux-x64/native</c> of the output folder
/// (or next to the dll), and the application's <c>.deps.json</c> names the libtorch packages it was built with;</item>
/// <item>a notebook kernel: NuGet package folders, found from the TorchSharp assembly's location
/// (<c>&lt;packages&gt;/torchsharp/0.107.0/lib/net8.0/TorchSharp.dll</c>). The kernel puts the folders of the
/// packages a notebook referenced on PATH, which is how a referenced backend is told from one that merely
/// sits in the cache; a host that does not do that gets every libtorch package of the expected version.</item>
/// </list>
/// Never assumes the CPU package: the CPU bundle, <c>TorchSharp</c> + <c>libtorch-cpu-linux-x64</c> directly, and the
/// CUDA packages (<c>libtorch-cuda-12.8-linux-x64</c> or another CUDA version) are found the same way.
/// </summary>
public static class BackendLayout
{
    public const string Wrapper = "libLibTorchSharp.so";
    const string NativeFolder = "runtimes/linux-x64/native";
    const string CpuLibrary = "libtorch_cpu.so";    // in every libtorch build, CUDA ones too

    // libtorch-cpu-linux-x64, libtorch-cuda-12.8-linux-x64; not the -part1/-part2 fragment packages of the CUDA builds.
    static readonly Regex LibTorchPackage = new(@"^libtorch-(cpu|cuda-[0-9.]+)-linux-x64$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>What was found: TorchSharp's wrapper library (null when not found) and every libtorch build visible.</summary>
    public sealed record Found(string? WrapperPath, IReadOnlyList<LibTorchBackend> Backends);

    /// <param name="appFolder">The application's base folder.</param>
    /// <param name="depsFiles">The application's .deps.json files (paths).</param>
    /// <param name="torchSharpAssemblyFolder">Where TorchSharp.dll was loaded from.</param>
    /// <param name="nativeSearchPath">The PATH entries, in order.</param>
    /// <param name="libTorchVersion">The libtorch version this TorchSharp needs (for hosts that list no package folder on PATH).</param>
    public static Found Find(string appFolder, IEnumerable<string> depsFiles, string? torchSharpAssemblyFolder,
        IEnumerable<string> nativeSearchPath, string libTorchVersion)
    {
        string[] appNative = [Path.Combine(appFolder, NativeFolder), appFolder];
        var wrapper = appNative.Select(d => Path.Combine(d, Wrapper)).FirstOrDefault(File.Exists);
        var torchSharpPackage = torchSharpAssemblyFolder is null ? null : Path.GetFullPath(Path.Combine(torchSharpAssemblyFolder, "..", ".."));
        wrapper ??= torchSharpPackage is null ? null
            : new[] { Path.Combine(torchSharpPackage, NativeFolder, Wrapper), Path.Combine(torchSharpAssemblyFolder!, Wrapper) }.FirstOrDefault(File.Exists);

        // A built application: its one native folder holds whatever it was built with.
        if (appNative.FirstOrDefault(d => File.Exists(Path.Combine(d, CpuLibrary))) is { } appLibTorch)
        {
            var named = depsFiles.Where(File.Exists).SelectMany(LibTorchPackagesIn).Distinct().ToList();
            if (named.Count == 0)   // no deps file to ask: tell the build from the files themselves
                named = [(File.Exists(Path.Combine(appLibTorch, "libtorch_cuda.so")) ? "libtorch-cuda-linux-x64" : "libtorch-cpu-linux-x64", "unknown")];
            return new(wrapper, named.Select(p => new LibTorchBackend(p.Id, p.Version, appLibTorch)).ToList());
        }

        // A notebook kernel: package folders beside TorchSharp's own.
        if (torchSharpPackage is null) return new(wrapper, []);
        var root = Path.GetFullPath(Path.Combine(torchSharpPackage, "..", ".."));
        var onPath = nativeSearchPath
            .Where(p => !string.IsNullOrWhiteSpace(p) && Path.IsPathRooted(p))
            .Select(p => Path.GetRelativePath(root, Path.GetFullPath(p)).Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length >= 2 && parts[0] != "..")
            .ToList();
        var packages = onPath.Count > 0
            ? onPath.Where(parts => LibTorchPackage.IsMatch(parts[0])).Select(parts => (Id: parts[0], Version: parts[1]))
            : Directory.Exists(root)
                ? Directory.EnumerateDirectories(root).Select(Path.GetFileName).Where(id => LibTorchPackage.IsMatch(id!)).Select(id => (Id: id!, Version: libTorchVersion))
                : [];
        var backends = packages
            .Distinct()
            .Select(p => new LibTorchBackend(p.Id, p.Version, Path.Combine(root, p.Id, p.Version, NativeFolder)))
            .Where(b => Directory.Exists(b.Folder))
            .OrderBy(b => b.Package, StringComparer.Ordinal)
            .ToList();
        return new(wrapper, backends);
    }

    /// <summary>The one backend to load; a clear message when there is none, or more than one.</summary>
    public static LibTorchBackend Choose(IReadOnlyList<LibTorchBackend> backends)
    {
        if (backends.Count == 1) return backends[0];
        if (backends.Count == 0)
            throw new TorchSharpLoadException(
                $"No TorchSharp backend (libtorch) is referenced. Add this line as the first line of the notebook's first cell, before NeuralNotebooks: " +
                $"#r \"nuget: TorchSharp-cpu, {TorchSharpVersions.TorchSharp}\"  (with an NVIDIA GPU: TorchSharp-cuda-linux or TorchSharp-cuda-windows instead). " +
                $"In a C# project: <PackageReference Include=\"TorchSharp-cpu\" Version=\"{TorchSharpVersions.TorchSharp}\" />.");
        var cpu = backends.Where(b => !b.Cuda).ToList();
        var remove = cpu.Count > 0 && cpu.Count < backends.Count
            ? $"Remove the CPU one: the line that references {cpu[0].Bundle} (or {cpu[0].Package}), and keep {backends.First(b => b.Cuda).Bundle}."
            : "Keep the line for the one you want and remove the other.";
        throw new TorchSharpLoadException(
            $"Two libtorch builds are referenced: {string.Join(" and ", backends)}. A process can load only one. {remove}");
    }

    /// <summary>The libtorch packages a .deps.json lists under "libraries" ("libtorch-cpu-linux-x64/2.10.0").</summary>
    static IEnumerable<(string Id, string Version)> LibTorchPackagesIn(string depsFile)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(depsFile));
        if (!doc.RootElement.TryGetProperty("libraries", out var libraries)) return [];
        return libraries.EnumerateObject()
            .Select(l => l.Name.Split('/', 2))
            .Where(parts => parts.Length == 2 && LibTorchPackage.IsMatch(parts[0]))
            .Select(parts => (parts[0].ToLowerInvariant(), parts[1]))
            .ToList();
    }
}
