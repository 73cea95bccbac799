using NeuralNotebooks.Runtime;

namespace NeuralNotebooks.Data;

/// <summary>
/// Where data sets are looked for, first match wins: the data set's own variable (a folder, e.g.
/// <c>NEURALNOTEBOOKS_FASHION_MNIST</c>), then <c>$NEURALNOTEBOOKS_DATA/&lt;name&gt;</c>, then the
/// Debian package's standard folder, then <c>CacheFolder.Root/data/&lt;name&gt;</c> (downloads and
/// extracted copies live there).
/// </summary>
public static class DataLocations
{
    public const string RootVariable = "NEURALNOTEBOOKS_DATA";

    /// <summary>The cache folder for data sets (<c>~/.cache/neuralnotebooks/data</c> by default).</summary>
    public static string CacheData => Path.Combine(CacheFolder.Root, "data");

    /// <summary>The folders searched for a data set, in order.</summary>
    public static IReadOnlyList<string> Candidates(string variable, string name, params string[] systemFolders)
    {
        var folders = new List<string>();
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } own) folders.Add(own);
        if (Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } root) folders.Add(Path.Combine(root, name));
        folders.AddRange(systemFolders);
        folders.Add(Path.Combine(CacheData, name));
        return folders;
    }

    /// <summary>The first candidate folder holding every required file (relative paths), or null.</summary>
    public static string? Find(IReadOnlyList<string> candidates, params string[] requiredFiles) =>
        candidates.FirstOrDefault(folder => requiredFiles.All(file => File.Exists(Path.Combine(folder, file))));

    /// <summary>Like <see cref="Find"/>, but a missing data set is a <see cref="MissingDataException"/> saying how to get it.</summary>
    public static string Require(string dataSet, string variable, string howToInstall, IReadOnlyList<string> candidates, params string[] requiredFiles) =>
        Find(candidates, requiredFiles) ?? throw new MissingDataException(
            $"{dataSet} is not on this machine. {howToInstall} " +
            $"Or set {variable} to a folder holding {string.Join(", ", requiredFiles)}. " +
            $"Looked in: {string.Join("; ", candidates)}.");
}
