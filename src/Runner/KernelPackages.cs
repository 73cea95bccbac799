namespace NeuralNotebooks.Runner;

/// <summary>
/// A NuGet packages folder for the kernels the runner starts (<c>artifacts/kernel-packages</c>).
/// NuGet never re-reads a feed for an id+version already in its packages folder, so a kernel using the
/// shared folder could load an older build of NeuralNotebooks 0.1.0 (from another checkout, or from
/// before the last build). Here every other package is a symbolic link into the shared folder (no copy,
/// no download) and our own package is removed before each run, so each kernel restores the fresh one
/// from <c>artifacts/packages</c>.
/// </summary>
public static class KernelPackages
{
    const string Ours = "neuralnotebooks";

    public static string Prepare(string repositoryRoot)
    {
        var shared = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured && !configured.Contains("kernel-packages")
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var folder = Path.Combine(repositoryRoot, "artifacts", "kernel-packages");
        Directory.CreateDirectory(folder);

        var own = Path.Combine(folder, Ours);
        if (Directory.Exists(own)) Directory.Delete(own, recursive: true);

        if (Directory.Exists(shared))
        {
            foreach (var package in Directory.EnumerateDirectories(shared))
            {
                var name = Path.GetFileName(package);
                var link = Path.Combine(folder, name);
                if (name == Ours || Directory.Exists(link) || File.Exists(link)) continue;
                try { Directory.CreateSymbolicLink(link, package); }
                catch (IOException) { /* another runner made it a moment ago */ }
            }
        }
        return folder;
    }
}
