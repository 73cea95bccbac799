namespace NeuralNotebooks.Runner;

/// <summary>Where things are, by one rule each: the repository a path belongs to, and our cache folder.</summary>
static class RunnerPaths
{
    /// <summary>The nearest folder at or above <paramref name="folder"/> holding .config/dotnet-tools.json, or null.</summary>
    public static string? RepositoryRoot(string folder)
    {
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, ".config", "dotnet-tools.json"))) return dir.FullName;
        return null;
    }

    /// <summary>Our cache folder as the user's own processes see it (same rule as Core's CacheFolder and eng/setup.sh).</summary>
    public static string CacheFolder()
    {
        if (Environment.GetEnvironmentVariable("NEURALNOTEBOOKS_CACHE") is { Length: > 0 } set) return Path.GetFullPath(set);
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(!string.IsNullOrWhiteSpace(xdg) ? xdg : Path.Combine(home, ".cache"), "neuralnotebooks");
    }
}
