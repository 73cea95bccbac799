using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace NeuralNotebooks.Runtime;

/// <summary>
/// TorchSharp 0.107's wrapper library asks for libstdc++'s <c>GLIBCXX_3.4.32</c> (GCC 13) only
/// because GCC 13's iostream emits an unused reference to <c>std::ios_base_library_init()</c>.
/// Debian 12 and Ubuntu 22.04 stop at 3.4.30/3.4.31, so the loader refuses the file. Where that is
/// the case, this loads a copy with that one requirement marked weak, kept in our own cache folder
/// keyed by the original's hash. The NuGet cache and build output are never touched, and on
/// systems with a new enough libstdc++ (or not Linux) nothing happens at all.
/// </summary>
public static class NativeLibraryPatcher
{
    public const string UnmetVersion = "GLIBCXX_3.4.32";
    const string Wrapper = BackendLayout.Wrapper;
    static readonly string[] LibTorchInLoadOrder = ["libc10.so", "libc10_cuda.so", "libtorch_cpu.so", "libtorch_cuda.so", "libtorch.so"];

    /// <summary>What the patcher found and did; shown in the runtime description.</summary>
    public sealed record Outcome(bool Patched, string Detail, string? WrapperPath = null, string? PatchedPath = null, LibTorchBackend? Backend = null);

    public static Outcome Apply()
    {
        if (!OperatingSystem.IsLinux())
            return new(false, "not Linux: nothing to do");

        var found = Discover();
        // One backend, or one clear message (none referenced, or a CPU and a CUDA build both referenced).
        var backend = BackendLayout.Choose(found.Backends);
        var wrapper = found.WrapperPath;
        if (wrapper is null)
            return new(false, $"{Wrapper} not found next to the app or the TorchSharp package; TorchSharp will look for it itself", Backend: backend);

        var original = File.ReadAllBytes(wrapper);
        var needs = ElfVersionNeeds.Read(original);
        var wanted = needs.FirstOrDefault(r => r.Name == UnmetVersion && !r.IsWeak);
        if (wanted is null)
            return new(false, $"{Wrapper} does not require {UnmetVersion}: nothing to do", wrapper, Backend: backend);

        var libstdcxx = SystemLibStdCxx.Path();
        if (libstdcxx is not null && SystemLibStdCxx.Defines(libstdcxx, UnmetVersion))
            return new(false, $"{libstdcxx} provides {UnmetVersion}: nothing to do", wrapper, Backend: backend);

        var missingOthers = needs
            .Where(r => r.Name.StartsWith("GLIBCXX_", StringComparison.Ordinal) && r.Name != UnmetVersion)
            .Where(r => libstdcxx is not null && !SystemLibStdCxx.Defines(libstdcxx, r.Name))
            .Select(r => r.Name).ToList();
        if (missingOthers.Count > 0)
            throw new TorchSharpLoadException(
                $"TorchSharp's native wrapper ({wrapper}) needs {string.Join(", ", missingOthers)} from libstdc++, " +
                $"which this system's {libstdcxx} does not provide. Only the unused {UnmetVersion} requirement can be safely relaxed; " +
                "install a newer libstdc++ (GCC 13 or later) or use a newer distribution (Debian 13, Ubuntu 24.04).");

        if (!File.Exists(Path.Combine(backend.Folder, "libtorch_cpu.so")))
            throw new TorchSharpLoadException(
                $"{backend} is referenced, but its libraries are not in {backend.Folder}. Restore the package again " +
                "(delete that package's folder from the NuGet cache and re-run the cell that references it).");

        var patched = ElfVersionNeeds.WithWeakVersion(original, UnmetVersion)!;
        var patchedPath = WritePatchedCopy(original, patched);

        // The patched copy is loaded from another folder, so its libtorch dependencies must already be loaded: the chosen backend's.
        foreach (var name in LibTorchInLoadOrder)
        {
            var path = Path.Combine(backend.Folder, name);
            if (File.Exists(path)) NativeLibrary.Load(path);
        }

        VerifyHash(patchedPath, patched);
        NativeLibrary.Load(patchedPath);
        return new(true, $"loaded {patchedPath} ({UnmetVersion} marked weak; {libstdcxx ?? "libstdc++"} lacks it)", wrapper, patchedPath, backend);
    }

    /// <summary>What this process can see: its build output, its deps files, TorchSharp's package folder, PATH.</summary>
    static BackendLayout.Found Discover()
    {
        // The host's own deps files, and the app's beside it (a test host runs as testhost with the tests' deps file in its folder).
        var depsFiles = (AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(Directory.EnumerateFiles(AppContext.BaseDirectory, "*.deps.json")).Distinct();
        var torchSharpDir = Path.GetDirectoryName(typeof(TorchSharp.torch).Assembly.Location);
        var searchPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return BackendLayout.Find(AppContext.BaseDirectory, depsFiles, string.IsNullOrEmpty(torchSharpDir) ? null : torchSharpDir,
            searchPath, TorchSharpVersions.LibTorch);
    }

    static string WritePatchedCopy(byte[] original, byte[] patched)
    {
        var folder = CacheFolder.Private("native", Convert.ToHexString(SHA256.HashData(original))[..32].ToLowerInvariant());
        var target = Path.Combine(folder, Wrapper);
        if (File.Exists(target) && SHA256.HashData(File.ReadAllBytes(target)).AsSpan().SequenceEqual(SHA256.HashData(patched)))
            return target;
        // Write then rename, so a second kernel starting at the same time never loads half a file.
        var temp = Path.Combine(folder, $"{Wrapper}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(temp, patched);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.Move(temp, target, overwrite: true);
        return target;
    }

    static void VerifyHash(string path, byte[] expected)
    {
        if (!SHA256.HashData(File.ReadAllBytes(path)).AsSpan().SequenceEqual(SHA256.HashData(expected)))
            throw new TorchSharpLoadException($"The patched copy {path} changed after it was written; refusing to load it. Delete that folder and try again.");
    }
}
