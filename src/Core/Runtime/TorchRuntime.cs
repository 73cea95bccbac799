using System.Runtime.CompilerServices;
using TorchSharp;

namespace NeuralNotebooks.Runtime;

/// <summary>
/// Makes TorchSharp usable before anything touches <c>torch</c>: applies the native-library fix
/// where the system needs it, then initialises the CPU backend. Idempotent and thread-safe.
/// Runs on its own when any NeuralNotebooks type is first used; call <see cref="EnsureLoaded"/>
/// first in a program that uses <c>torch</c> before our code.
/// </summary>
public static class TorchRuntime
{
    static readonly object gate = new();
    static NativeLibraryPatcher.Outcome? loaded;

    /// <summary>What the native loader did (shown by <see cref="NeuralNotebooks.Runtime.RuntimeDescription"/>).</summary>
    /// <remarks>A failure is not remembered: a notebook told to add its backend line can add it and call again.</remarks>
    public static NativeLibraryPatcher.Outcome EnsureLoaded()
    {
        if (Volatile.Read(ref loaded) is { } done) return done;
        lock (gate) return loaded ??= Load();
    }

#pragma warning disable CA2255 // Deliberate: the fix must run before TorchSharp's own static initializer.
    [ModuleInitializer]
    internal static void LoadWhenCoreIsFirstUsed()
    {
        try { EnsureLoaded(); }
        catch (TorchSharpLoadException) { /* Reported again, readably, by the first explicit call. */ }
    }
#pragma warning restore CA2255

    static NativeLibraryPatcher.Outcome Load()
    {
        NativeLibraryPatcher.Outcome outcome;
        try
        {
            outcome = NativeLibraryPatcher.Apply();
        }
        catch (TorchSharpLoadException) { throw; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or DllNotFoundException or BadImageFormatException)
        {
            throw new TorchSharpLoadException(
                $"NeuralNotebooks could not prepare TorchSharp's native libraries: {e.Message} " +
                $"Check that the folder {CacheFolder.Root} is writable by you (or set {CacheFolder.EnvironmentVariable} to one that is), " +
                "and that the backend package (TorchSharp-cpu, or TorchSharp-cuda-linux for a GPU) restored completely.", e);
        }

        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
        }
        catch (Exception e)
        {
            throw new TorchSharpLoadException(
                $"TorchSharp {TorchSharpVersions.TorchSharp} did not load on this machine ({Describe(e)}). " +
                $"The native-library check said: {outcome.Detail}. " +
                "Make sure the TorchSharp-cpu package (or TorchSharp-cuda-linux for a GPU) is referenced and fully restored, " +
                "that the machine is linux-x64, Windows x64 or macOS arm64, and that `ldd` on libLibTorchSharp.so reports no missing library.", e);
        }
        return outcome;
    }

    static string Describe(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        var firstLine = e.Message.Split('\n')[0].Trim();
        return $"{e.GetType().Name}: {firstLine}";
    }
}
