namespace NeuralNotebooks.Runner;

/// <summary>
/// What a kernel started by the runner needs so that it loads the NeuralNotebooks package built in this
/// checkout, and nothing older:
/// <list type="bullet">
/// <item>its own NuGet packages folder (<c>artifacts/kernel-packages</c>): NuGet never re-reads a feed for
/// an id+version already in its packages folder. Every other package is a symbolic link into the shared
/// folder (no copy, no download); ours is removed before each run, so it is restored fresh from
/// <c>artifacts/packages</c>.</item>
/// <item>its own home folder (under our cache folder, one per checkout; not inside the repository, where
/// the repository's Directory.Packages.props would apply to the kernel's restore projects), emptied before
/// each run: the kernel's
/// <c>#r "nuget:"</c> resolver caches resolved assembly paths in <c>~/.packagemanagement</c>, keyed by the
/// package list alone, so without this every checkout on the machine would share one stale resolution.
/// The real home is kept for the .NET CLI and for our own cache (data sets, patched native library).</item>
/// </list>
/// </summary>
public static class KernelPackages
{
    const string Ours = "neuralnotebooks";

    /// <summary>Prepares both folders and returns the environment variables the kernel process needs.</summary>
    public static IReadOnlyDictionary<string, string> Prepare(string repositoryRoot)
    {
        var realHome = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var shared = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(realHome, ".nuget", "packages");

        var packages = Path.Combine(repositoryRoot, "artifacts", "kernel-packages");
        Directory.CreateDirectory(packages);
        var own = Path.Combine(packages, Ours);
        if (Directory.Exists(own)) Directory.Delete(own, recursive: true);
        if (Directory.Exists(shared))
        {
            foreach (var package in Directory.EnumerateDirectories(shared))
            {
                var name = Path.GetFileName(package);
                var link = Path.Combine(packages, name);
                if (name == Ours || Directory.Exists(link) || File.Exists(link)) continue;
                try { Directory.CreateSymbolicLink(link, package); }
                catch (IOException) { /* another runner made it a moment ago */ }
            }
        }

        var cache = RunnerPaths.CacheFolder();
        var checkout = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(repositoryRoot)))[..16].ToLowerInvariant();
        var kernelHome = Path.Combine(cache, "kernel-home", checkout);
        if (Directory.Exists(kernelHome)) Directory.Delete(kernelHome, recursive: true);
        Directory.CreateDirectory(kernelHome);

        return new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = packages,
            ["HOME"] = kernelHome,
            ["DOTNET_CLI_HOME"] = Environment.GetEnvironmentVariable("DOTNET_CLI_HOME") is { Length: > 0 } cli ? cli : realHome,
            ["NEURALNOTEBOOKS_CACHE"] = cache,
        };
    }

}
