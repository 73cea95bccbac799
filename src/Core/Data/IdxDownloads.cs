namespace NeuralNotebooks.Data;

/// <summary>Downloads the four IDX files of an MNIST-style data set into the cache; a failure names the data set and what to do offline.</summary>
public static class IdxDownloads
{
    public static string FetchAll(string dataSet, string folderName, IReadOnlyList<RemoteFile> files, IProgress<DownloadProgress>? progress,
        HttpMessageHandler? handler = null, string? cacheData = null)
    {
        var folder = Path.Combine(cacheData ?? DataLocations.CacheData, folderName);
        try
        {
            foreach (var file in files) Download.Fetch(file, Path.Combine(folder, file.Name), progress, handler);
        }
        catch (MissingDataException e)
        {
            throw new MissingDataException(
                $"{dataSet} is not in the cache ({folder}) and downloading it failed. {e.Message}. " +
                "Offline, use FashionMnist (Debian package dataset-fashion-mnist) or Digits (python3-sklearn), or copy the four .gz files into that folder.", e);
        }
        return folder;
    }
}
