using System.Runtime.InteropServices;
using System.Text;

namespace NeuralNotebooks.Runtime;

/// <summary>Finds the libstdc++ this process uses and tells which symbol versions it defines.</summary>
static class SystemLibStdCxx
{
    public static string? Path()
    {
        var mapped = FromMaps();
        if (mapped is not null) return mapped;
        // The runtime may not have mapped it yet: load it the way the wrapper would, then look again.
        if (NativeLibrary.TryLoad("libstdc++.so.6", out _)) return FromMaps();
        return null;
    }

    static string? FromMaps()
    {
        try
        {
            return File.ReadLines("/proc/self/maps")
                .Select(line => line.IndexOf('/') is var i and >= 0 ? line[i..] : null)
                .FirstOrDefault(p => p is not null && System.IO.Path.GetFileName(p).StartsWith("libstdc++.so", StringComparison.Ordinal));
        }
        catch (IOException) { return null; }
    }

    /// <summary>A libstdc++ names each version it defines in its dynamic string table.</summary>
    public static bool Defines(string path, string version)
    {
        var needle = Encoding.ASCII.GetBytes(version + "\0");
        return File.ReadAllBytes(path).AsSpan().IndexOf(needle) >= 0;
    }
}
