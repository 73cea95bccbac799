namespace NeuralNotebooks.Data;

/// <summary>
/// Fashion-MNIST (Zalando): 60,000 training and 10,000 test greyscale 28×28 images of ten kinds of
/// clothing. Offline from Debian's <c>dataset-fashion-mnist</c> (/usr/share/datasets/fashion-mnist);
/// with <c>download: true</c>, fetched once into the cache from the public copies and checked.
/// </summary>
public static class FashionMnist
{
    public const string Variable = "NEURALNOTEBOOKS_FASHION_MNIST";
    public const string DebianFolder = "/usr/share/datasets/fashion-mnist";

    public static readonly IReadOnlyList<string> ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    static readonly Uri[] Mirrors = [new("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")];

    // Sizes and MD5s of the files as published upstream (Debian's copies are re-gzipped, so they differ byte-wise but not in content).
    public static readonly IReadOnlyList<RemoteFile> Files =
    [
        File("train-images-idx3-ubyte.gz", 26421880, "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
        File("train-labels-idx1-ubyte.gz", 29515, "25c81989df183df01b3e8a0aad5dffbe"),
        File("t10k-images-idx3-ubyte.gz", 4422102, "bef4ecab320f06d8554ea6380940ec79"),
        File("t10k-labels-idx1-ubyte.gz", 5148, "bb300cfdad3c16e7a12a480ee83cd310"),
    ];

    /// <summary>Loads both parts (or the first <paramref name="limit"/> examples of each); <c>Source</c> says which copy was read.</summary>
    public static LabelledImages Load(int? limit = null, bool download = false, IProgress<DownloadProgress>? progress = null)
    {
        var candidates = DataLocations.Candidates(Variable, "fashion-mnist", DebianFolder);
        var folder = DataLocations.Find(candidates, Files.Select(f => f.Name).ToArray());
        if (folder is null && download) folder = IdxDownloads.FetchAll("Fashion-MNIST", "fashion-mnist", Files, progress);
        folder ??= DataLocations.Require("Fashion-MNIST", Variable,
            "Install it with `sudo apt-get install dataset-fashion-mnist` (Debian/Ubuntu), or call FashionMnist.Load(download: true) when online.",
            candidates, Files.Select(f => f.Name).ToArray());
        return LabelledImages.FromIdxFolder(folder, ClassNames, $"Fashion-MNIST from {folder}", limit);
    }

    static RemoteFile File(string name, long size, string md5) => new(name, size, "md5", md5, Mirrors.Select(m => new Uri(m, name)).ToArray());
}
