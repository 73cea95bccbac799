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

    /// <summary>
    /// The real photo when installed; otherwise, announced in <see cref="Photo.Source"/> (print it), a
    /// 427×640 synthetic picture (smooth colour gradients, discs and stripes; fixed, not random) that
    /// has edges and flat regions for denoising and compression demonstrations.
    /// </summary>
    public static Photo LoadOrFallback(string name)
    {
        try { return Load(name); }
        catch (MissingDataException e) { return new Photo(name, Drawn(427, 640).DetachFromDisposeScope(), $"SYNTHETIC FALLBACK picture instead of {name}.jpg, because {e.Message}"); }
    }

    static TorchSharp.torch.Tensor Drawn(int h, int w)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        var y = TorchSharp.torch.linspace(0, 1, h).reshape(h, 1).expand(h, w);   // (H, W)
        var x = TorchSharp.torch.linspace(0, 1, w).reshape(1, w).expand(h, w);   // (H, W)
        var disc = ((x - 0.35).square() + (y - 0.5).square() * 2.2).lt(0.05).to_type(TorchSharp.torch.float32);
        var stripes = (x * 24).floor().remainder(2).mul(y.gt(0.7).to_type(TorchSharp.torch.float32));
        var red = (0.2 + 0.6 * x) * (1 - disc) + 0.9 * disc;
        var green = 0.3 + 0.5 * y * (1 - stripes) + 0.1 * stripes;
        var blue = (0.8 - 0.6 * x * y) * (1 - disc) + 0.1 * disc;
        return TorchSharp.torch.stack([red, green, blue]).clamp(0, 1).to_type(TorchSharp.torch.float32).MoveToOuterDisposeScope();
    }

    public static Photo Load(string name)
    {
        if (!Names.Contains(name)) throw new ArgumentException($"Unknown photo '{name}'. Allowed: {string.Join(", ", Names)}.");
        var relative = $"images/{name}.jpg";
        var folder = DataLocations.Require($"The photo {name}.jpg", Digits.Variable, Digits.HowToInstall, Digits.Candidates, relative);
        var path = Path.Combine(folder, relative);
        return new Photo(name, ImageFiles.Read(path).DetachFromDisposeScope(), $"{name}.jpg from {path}");
    }
}
