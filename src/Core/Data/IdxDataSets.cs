namespace NeuralNotebooks.Data;

/// <summary>
/// What MNIST and Fashion-MNIST share: four IDX files found in the usual places (see
/// <see cref="DataLocations"/>), else downloaded into the cache when allowed, else one clear error.
/// </summary>
public sealed record IdxDataSet(string Name, string Variable, string FolderName, string HowToInstall,
    IReadOnlyList<string> SystemFolders, IReadOnlyList<RemoteFile> Files, IReadOnlyList<string> ClassNames)
{
    /// <summary>A published file at the same name under each mirror, checked by size and MD5.</summary>
    public static RemoteFile Published(string name, long size, string md5, IEnumerable<Uri> mirrors) =>
        new(name, size, "md5", md5, mirrors.Select(m => new Uri(m, name)).ToArray());

    public LabelledImages Load(int? limit, bool download, IProgress<DownloadProgress>? progress)
    {
        var names = Files.Select(f => f.Name).ToArray();
        var candidates = DataLocations.Candidates(Variable, FolderName, [.. SystemFolders]);
        var folder = DataLocations.Find(candidates, names);
        if (folder is null && download) folder = FetchAll(progress);
        folder ??= DataLocations.Require(Name, Variable, HowToInstall, candidates, names);
        return LabelledImages.FromIdxFolder(folder, ClassNames, $"{Name} from {folder}", limit);
    }

    /// <summary>Downloads the files into <c>cacheData/FolderName</c> (default: the data cache); a failure names the data set and what to do offline.</summary>
    public string FetchAll(IProgress<DownloadProgress>? progress, HttpMessageHandler? handler = null, string? cacheData = null)
    {
        var folder = Path.Combine(cacheData ?? DataLocations.CacheData, FolderName);
        try
        {
            foreach (var file in Files) Download.Fetch(file, Path.Combine(folder, file.Name), progress, handler);
        }
        catch (MissingDataException e)
        {
            throw new MissingDataException(
                $"{Name} is not in the cache ({folder}) and downloading it failed. {e.Message}. " +
                "Offline, use FashionMnist (Debian package dataset-fashion-mnist) or Digits (python3-sklearn), or copy the four .gz files into that folder.", e);
        }
        return folder;
    }
}
