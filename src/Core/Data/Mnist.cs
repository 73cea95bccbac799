namespace NeuralNotebooks.Data;

/// <summary>
/// MNIST handwritten digits: 60,000 training and 10,000 test 28×28 images. No Debian package ships
/// it, so it is downloaded once into <c>CacheFolder.Root/data/mnist</c> (checked against the
/// published sizes and MD5s) and read from there offline afterwards. Offline on a fresh machine,
/// use <see cref="FashionMnist"/> or <see cref="Digits"/> instead.
/// </summary>
public static class Mnist
{
    public const string Variable = "NEURALNOTEBOOKS_MNIST";

    public static readonly IReadOnlyList<string> ClassNames = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    static readonly Uri[] Mirrors =
    [
        new("https://ossci-datasets.s3.amazonaws.com/mnist/"),
        new("https://storage.googleapis.com/cvdf-datasets/mnist/"),
    ];

    public static readonly IReadOnlyList<RemoteFile> Files =
    [
        File("train-images-idx3-ubyte.gz", 9912422, "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
        File("train-labels-idx1-ubyte.gz", 28881, "d53e105ee54ea40749a09fcbcd1e9432"),
        File("t10k-images-idx3-ubyte.gz", 1648877, "9fb629c4189551a2d022fa330f9573f3"),
        File("t10k-labels-idx1-ubyte.gz", 4542, "ec29112dd5afa0611ce80d1b7f02629c"),
    ];

    public static LabelledImages Load(int? limit = null, bool download = true, IProgress<DownloadProgress>? progress = null)
    {
        var candidates = DataLocations.Candidates(Variable, "mnist");
        var folder = DataLocations.Find(candidates, Files.Select(f => f.Name).ToArray());
        if (folder is null && download) folder = IdxDownloads.FetchAll("MNIST", "mnist", Files, progress);
        folder ??= DataLocations.Require("MNIST", Variable,
            "No Debian package ships MNIST: call Mnist.Load(download: true) once while online (it is cached), or use FashionMnist (package dataset-fashion-mnist) or Digits offline.",
            candidates, Files.Select(f => f.Name).ToArray());
        return LabelledImages.FromIdxFolder(folder, ClassNames, $"MNIST from {folder}", limit);
    }

    static RemoteFile File(string name, long size, string md5) => new(name, size, "md5", md5, Mirrors.Select(m => new Uri(m, name)).ToArray());
}
