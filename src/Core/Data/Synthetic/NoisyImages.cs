using TorchSharp;

namespace NeuralNotebooks.Data.Synthetic;

/// <summary>
/// Noisy/clean image pairs for denoising. Generator: noisy = clip(clean + σ·ε, 0, 1) with ε standard
/// Gaussian noise from a torch generator seeded with <c>seed</c>, one independent draw per pixel.
/// Tensors: noisy [N, C, H, W] (the input), clean [N, C, H, W] (the target). <see cref="Patches"/>
/// cuts training patches from a larger photo.
/// </summary>
public static class NoisyImages
{
    public static TensorDataset Create(torch.Tensor clean, double sigma, int seed, string? source = null)
    {
        if (clean.dim() != 4) throw new ArgumentException($"expected clean images of shape [N, C, H, W], got [{string.Join(", ", clean.shape)}].");
        if (sigma < 0) throw new ArgumentException($"sigma must be >= 0, got {sigma}.");
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator((ulong)seed, clean.device);
        var noise = torch.randn(clean.shape, generator: generator, device: clean.device) * sigma;
        var noisy = (clean + noise).clamp(0, 1);
        return new TensorDataset([noisy, clean.clone()], $"Gaussian noise σ={sigma} (seed {seed}) added to {source ?? "given images"}");
    }

    /// <summary><paramref name="count"/> random square patches [count, C, size, size] of an image [C, H, W] (positions from <c>new Random(seed)</c>).</summary>
    public static torch.Tensor Patches(torch.Tensor image, int size, int count, int seed)
    {
        if (image.dim() != 3 || image.shape[1] < size || image.shape[2] < size)
            throw new ArgumentException($"expected an image [C, H, W] at least {size}x{size}, got [{string.Join(", ", image.shape)}].");
        var random = new Random(seed);
        using var scope = torch.NewDisposeScope();
        var patches = Enumerable.Range(0, count).Select(_ =>
        {
            var y = random.Next((int)image.shape[1] - size + 1);
            var x = random.Next((int)image.shape[2] - size + 1);
            return image[.., y..(y + size), x..(x + size)];
        }).ToArray();
        return torch.stack(patches).MoveToOuterDisposeScope();
    }
}
