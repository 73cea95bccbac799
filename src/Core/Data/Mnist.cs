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

    static readonly Uri[] Mirrors = [new("https://ossci-datasets.s3.amazonaws.com/mnist/"), new("https://storage.googleapis.com/cvdf-datasets/mnist/")];

    public static readonly IdxDataSet DataSet = new("MNIST", Variable, "mnist",
        "No Debian package ships MNIST: call Mnist.Load(download: true) once while online (it is cached), or use FashionMnist (package dataset-fashion-mnist) or Digits offline.",
        [],
        [
            IdxDataSet.Published("train-images-idx3-ubyte.gz", 9912422, "f68b3c2dcbeaaa9fbdd348bbdeb94873", Mirrors),
            IdxDataSet.Published("train-labels-idx1-ubyte.gz", 28881, "d53e105ee54ea40749a09fcbcd1e9432", Mirrors),
            IdxDataSet.Published("t10k-images-idx3-ubyte.gz", 1648877, "9fb629c4189551a2d022fa330f9573f3", Mirrors),
            IdxDataSet.Published("t10k-labels-idx1-ubyte.gz", 4542, "ec29112dd5afa0611ce80d1b7f02629c", Mirrors),
        ],
        ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);

    public static IReadOnlyList<string> ClassNames => DataSet.ClassNames;

    public static LabelledImages Load(int? limit = null, bool download = true, IProgress<DownloadProgress>? progress = null) =>
        DataSet.Load(limit, download, progress);
}
