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

    /// <summary>Where and how it is found; its <c>Files</c> carry the sizes and MD5s published upstream (Debian's copies are re-gzipped: same content, other bytes).</summary>
    public static readonly IdxDataSet DataSet = new("Fashion-MNIST", Variable, "fashion-mnist",
        "Install it with `sudo apt-get install dataset-fashion-mnist` (Debian/Ubuntu), or call FashionMnist.Load(download: true) when online.",
        [DebianFolder],
        [
            IdxDataSet.Published("train-images-idx3-ubyte.gz", 26421880, "8d4fb7e6c68d591d4c3dfef9ec88bf0d", Mirrors),
            IdxDataSet.Published("train-labels-idx1-ubyte.gz", 29515, "25c81989df183df01b3e8a0aad5dffbe", Mirrors),
            IdxDataSet.Published("t10k-images-idx3-ubyte.gz", 4422102, "bef4ecab320f06d8554ea6380940ec79", Mirrors),
            IdxDataSet.Published("t10k-labels-idx1-ubyte.gz", 5148, "bb300cfdad3c16e7a12a480ee83cd310", Mirrors),
        ],
        ClassNames);

    /// <summary>Loads both parts (or the first <paramref name="limit"/> examples of each); <c>Source</c> says which copy was read.</summary>
    public static LabelledImages Load(int? limit = null, bool download = false, IProgress<DownloadProgress>? progress = null) =>
        DataSet.Load(limit, download, progress);

    /// <summary>
    /// The first <paramref name="trainImages"/> training and <paramref name="testImages"/> test images (the files
    /// come shuffled, so a prefix is a fair sample): what the quick-mode lessons train on.
    /// </summary>
    public static LabelledImages Load(int trainImages, int testImages, bool download = false)
    {
        var all = Load(limit: Math.Max(trainImages, testImages), download);
        using var fullTrain = all.Train;
        using var fullTest = all.Test;
        return all with { Train = fullTrain.First(trainImages), Test = fullTest.First(testImages) };
    }
}
