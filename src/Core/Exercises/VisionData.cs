using NeuralNotebooks.Data;
using NeuralNotebooks.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises;

/// <summary>
/// The real image data the vision exercises train on, read with Core's readers: Fashion-MNIST
/// (1×28×28, pixel values scaled to [0, 1]) and the 8×8 handwritten digits (1×8×8, 0..16 scaled to [0, 1]).
/// Labels are int64 class indices. A limit takes a seeded random subset (quick mode).
/// </summary>
public static class VisionData
{
    public const string FashionMnistFolder = "/usr/share/datasets/fashion-mnist";

    public static readonly IReadOnlyList<string> FashionClasses =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    public static readonly IReadOnlyList<string> DigitClasses = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    public static string DigitsFile =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "neuralnotebooks", "data", "sklearn", "data", "digits.csv.gz");

    /// <summary>Fashion-MNIST's training (60,000) or test (10,000) images, or a seeded random subset of <paramref name="limit"/>.</summary>
    public static TensorDataset FashionMnist(bool train, int? limit = null, int seed = 0)
    {
        var prefix = Path.Combine(FashionMnistFolder, train ? "train" : "t10k");
        var imagesFile = prefix + "-images-idx3-ubyte.gz";
        if (!File.Exists(imagesFile))
            throw new FileNotFoundException($"Fashion-MNIST is not installed: {imagesFile} is missing (eng/setup.sh installs it).", imagesFile);
        using var scope = torch.NewDisposeScope();
        var images = Idx.ReadTensor(imagesFile, 3, 28, 28).unsqueeze(1).to(ScalarType.Float32) / 255;    // (N, 1, 28, 28)
        var labels = Idx.ReadTensor(prefix + "-labels-idx1-ubyte.gz", 1).to(ScalarType.Int64);             // (N)
        var source = $"Fashion-MNIST {(train ? "training" : "test")} set, {FashionMnistFolder}";
        return Limited(new TensorDataset([images, labels], source), limit, seed);
    }

    /// <summary>All 1,797 8×8 digit scans (UCI / scikit-learn), or a seeded random subset.</summary>
    public static TensorDataset Digits(int? limit = null, int seed = 0)
    {
        if (!File.Exists(DigitsFile))
            throw new FileNotFoundException($"The 8x8 digits are not installed: {DigitsFile} is missing (eng/setup.sh installs it).", DigitsFile);
        var (_, values) = Csv.ReadNumbers(DigitsFile);
        if (values.GetLength(1) != 65)
            throw new DataFileException($"{DigitsFile} should have 64 pixel values and a label per row, got {values.GetLength(1)} columns.");
        using var scope = torch.NewDisposeScope();
        var table = torch.tensor(values);                                                    // (N, 65)
        var images = (table[.., ..64] / 16).reshape(-1, 1, 8, 8);                            // (N, 1, 8, 8)
        var labels = table[.., 64].to(ScalarType.Int64);                                     // (N)
        return Limited(new TensorDataset([images, labels], $"8x8 handwritten digits, {DigitsFile}"), limit, seed);
    }

    static TensorDataset Limited(TensorDataset all, int? limit, int seed)
    {
        if (limit is not int n || n >= all.Count) return all;
        var rows = Shuffling.Permutation(all.Count, new Random(seed))[..n];
        var subset = all.Subset(rows, $"{all.Source} (random {n} of {all.Count})");
        all.Dispose();
        return subset;
    }

    /// <summary>Predicted class for every example of a dataset (model in eval mode, no gradients), on the CPU.</summary>
    public static Tensor Predict(nn.Module<Tensor, Tensor> model, TensorDataset data, int batchSize = 500)
    {
        model.eval();
        using var _ = torch.no_grad();
        var device = model.parameters().First().device;
        var parts = new List<Tensor>();
        for (long start = 0; start < data.Count; start += batchSize)
        {
            using var scope = torch.NewDisposeScope();
            var x = data.Inputs.narrow(0, start, Math.Min(batchSize, data.Count - start)).to(device);
            parts.Add(model.call(x).argmax(1).cpu().MoveToOuterDisposeScope());
        }
        return torch.cat(parts, 0);
    }
}
