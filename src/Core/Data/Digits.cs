using System.Globalization;
using TorchSharp;

namespace NeuralNotebooks.Data;

/// <summary>
/// The 1,797 real 8×8 handwritten digits of UCI (as shipped with scikit-learn): images float
/// [N, 1, 8, 8] in [0, 1] (the 0..16 counts divided by 16), labels int64 0..9. Found in Debian's
/// <c>python3-sklearn</c> (/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz) or in
/// <c>CacheFolder.Root/data/sklearn/data/digits.csv.gz</c> (where eng/setup.sh extracts it from the .deb).
/// </summary>
public static class Digits
{
    public const string Variable = "NEURALNOTEBOOKS_SKLEARN";
    public const string DebianFolder = "/usr/lib/python3/dist-packages/sklearn/datasets";
    public const string HowToInstall =
        "Install it with `sudo apt-get install python3-sklearn` (or extract sklearn/datasets/data and images from its .deb into ~/.cache/neuralnotebooks/data/sklearn, as eng/setup.sh does).";
    const string RelativePath = "data/digits.csv.gz";

    public static IReadOnlyList<string> Candidates => DataLocations.Candidates(Variable, "sklearn", DebianFolder);

    public static TensorDataset Load()
    {
        var folder = DataLocations.Require("The 8x8 digits data set", Variable, HowToInstall, Candidates, RelativePath);
        var path = Path.Combine(folder, RelativePath);
        var (_, rows) = Csv.ReadNumbers(path);
        if (rows.GetLength(1) != 65) throw new DataFileException($"{path} has {rows.GetLength(1)} columns; expected 65 (64 pixels then the label).");
        var count = rows.GetLength(0);
        var pixels = new float[count * 64];
        var labels = new long[count];
        for (var r = 0; r < count; r++)
        {
            for (var c = 0; c < 64; c++) pixels[r * 64 + c] = rows[r, c] / 16f;
            labels[r] = (long)rows[r, 64];
            if (labels[r] is < 0 or > 9) throw new DataFileException($"{path}, row {r + 1}: label {rows[r, 64].ToString(CultureInfo.InvariantCulture)} is not a digit 0..9.");
        }
        return new TensorDataset([torch.tensor(pixels).reshape(count, 1, 8, 8), torch.tensor(labels)], $"UCI 8x8 digits from {path}");
    }
}
