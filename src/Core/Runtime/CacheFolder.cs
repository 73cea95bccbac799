namespace NeuralNotebooks.Runtime;

/// <summary>
/// The per-user folder where NeuralNotebooks keeps what it makes or downloads (patched native
/// libraries, data sets). <c>NEURALNOTEBOOKS_CACHE</c> overrides it; otherwise
/// <c>$XDG_CACHE_HOME/neuralnotebooks</c> or <c>~/.cache/neuralnotebooks</c>.
/// </summary>
public static class CacheFolder
{
    public const string EnvironmentVariable = "NEURALNOTEBOOKS_CACHE";

    public static string Root
    {
        get
        {
            var overridden = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(overridden)) return Path.GetFullPath(overridden);
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var baseDir = !string.IsNullOrWhiteSpace(xdg)
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(baseDir, "neuralnotebooks");
        }
    }

    /// <summary>A sub-folder of <see cref="Root"/>, created readable and writable by its owner only.</summary>
    public static string Private(params string[] parts)
    {
        var path = Path.Combine([Root, .. parts]);
        CreateOwnerOnly(path);
        return path;
    }

    static void CreateOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows()) { Directory.CreateDirectory(path); return; }
        var parent = Path.GetDirectoryName(path);
        if (parent is not null && !Directory.Exists(parent)) CreateOwnerOnly(parent);
        if (!Directory.Exists(path))
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
