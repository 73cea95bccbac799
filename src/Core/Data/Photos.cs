namespace NeuralNotebooks.Data;

/// <summary>A photo as a float tensor [3, H, W] in [0, 1], with where it came from.</summary>
public sealed record Photo(string Name, TorchSharp.torch.Tensor Image, string Source);

/// <summary>
/// The two real photos scikit-learn ships (china.jpg and flower.jpg, 427×640 RGB), from Debian's
/// <c>python3-sklearn</c> or the cache (<c>.../sklearn/images/</c>), same places as <see cref="Digits"/>.
/// </summary>
public static class Photos
{
    public static readonly IReadOnlyList<string> Names = ["china", "flower"];

    public static Photo Load(string name)
    {
        if (!Names.Contains(name)) throw new ArgumentException($"Unknown photo '{name}'. Allowed: {string.Join(", ", Names)}.");
        var relative = $"images/{name}.jpg";
        var folder = DataLocations.Require($"The photo {name}.jpg", Digits.Variable, Digits.HowToInstall, Digits.Candidates, relative);
        var path = Path.Combine(folder, relative);
        return new Photo(name, ImageFiles.Read(path).DetachFromDisposeScope(), $"{name}.jpg from {path}");
    }
}
