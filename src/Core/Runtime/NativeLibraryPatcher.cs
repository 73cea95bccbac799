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
    const string Wrapper = "libLibTorchSharp.so";
    static readonly string[] LibTorchInLoadOrder = ["libc10.so", "libc10_cuda.so", "libtorch_cpu.so", "libtorch_cuda.so", "libtorch.so"];

    /// <summary>What the patcher found and did; shown in the runtime description.</summary>
    public sealed record Outcome(bool Patched, string Detail, string? WrapperPath = null, string? PatchedPath = null);

    public static Outcome Apply()
    {
        if (!OperatingSystem.IsLinux())
            return new(false, "not Linux: nothing to do");

        var wrapper = FindWrapper();
        if (wrapper is null)
            return new(false, $"{Wrapper} not found next to the app or the TorchSharp package; TorchSharp will look for it itself");

        var original = File.ReadAllBytes(wrapper);
        var needs = ElfVersionNeeds.Read(original);
        var wanted = needs.FirstOrDefault(r => r.Name == UnmetVersion && !r.IsWeak);
        if (wanted is null)
            return new(false, $"{Wrapper} does not require {UnmetVersion}: nothing to do", wrapper);

        var libstdcxx = SystemLibStdCxx.Path();
        if (libstdcxx is not null && SystemLibStdCxx.Defines(libstdcxx, UnmetVersion))
            return new(false, $"{libstdcxx} provides {UnmetVersion}: nothing to do", wrapper);

        var missingOthers = needs
            .Where(r => r.Name.StartsWith("GLIBCXX_", StringComparison.Ordinal) && r.Name != UnmetVersion)
            .Where(r => libstdcxx is not null && !SystemLibStdCxx.Defines(libstdcxx, r.Name))
            .Select(r => r.Name).ToList();
        if (missingOthers.Count > 0)
            throw new TorchSharpLoadException(
                $"TorchSharp's native wrapper ({wrapper}) needs {string.Join(", ", missingOthers)} from libstdc++, " +
                $"which this system's {libstdcxx} does not provide. Only the unused {UnmetVersion} requirement can be safely relaxed; " +
                "install a newer libstdc++ (GCC 13 or later) or use a newer distribution (Debian 13, Ubuntu 24.04).");

        var patched = ElfVersionNeeds.WithWeakVersion(original, UnmetVersion)!;
        var patchedPath = WritePatchedCopy(original, patched);

        var libtorchDir = FindLibTorchFolder(Path.GetDirectoryName(wrapper)!);
        foreach (var name in LibTorchInLoadOrder)
        {
            var path = libtorchDir is null ? null : Path.Combine(libtorchDir, name);
            if (path is not null && File.Exists(path)) NativeLibrary.Load(path);
        }

        VerifyHash(patchedPath, patched);
        NativeLibrary.Load(patchedPath);
        return new(true, $"loaded {patchedPath} ({UnmetVersion} marked weak; {libstdcxx ?? "libstdc++"} lacks it)", wrapper, patchedPath);
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

    static string? FindWrapper()
    {
        foreach (var dir in CandidateFolders())
        {
            var path = Path.Combine(dir, Wrapper);
            if (File.Exists(path)) return path;
        }
        return null;
    }

    /// <summary>Build output first (app or test host), then the NuGet package layout (notebook kernel).</summary>
    static IEnumerable<string> CandidateFolders()
    {
        var app = AppContext.BaseDirectory;
        yield return Path.Combine(app, "runtimes", "linux-x64", "native");
        yield return app;
        var torchSharpDir = Path.GetDirectoryName(typeof(TorchSharp.torch).Assembly.Location);
        if (!string.IsNullOrEmpty(torchSharpDir))
        {
            // <packages>/torchsharp/<version>/lib/<tfm>/TorchSharp.dll
            yield return Path.GetFullPath(Path.Combine(torchSharpDir, "..", "..", "runtimes", "linux-x64", "native"));
            yield return torchSharpDir;
        }
    }

    /// <summary>libtorch sits beside the wrapper in build output; in the NuGet cache it is its own package.</summary>
    static string? FindLibTorchFolder(string wrapperDir)
    {
        if (File.Exists(Path.Combine(wrapperDir, "libtorch_cpu.so"))) return wrapperDir;
        var packageRoot = Path.GetFullPath(Path.Combine(wrapperDir, "..", "..", "..", "..", ".."));
        if (!Directory.Exists(packageRoot)) return null;
        var expected = TorchSharpVersions.LibTorch;
        return Directory.EnumerateDirectories(packageRoot, "libtorch-*-linux-x64")
            .OrderByDescending(d => d.Contains("cuda", StringComparison.Ordinal)) // a GPU user's CUDA build wins
            .Select(d => Path.Combine(d, expected, "runtimes", "linux-x64", "native"))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "libtorch_cpu.so")));
    }
}
