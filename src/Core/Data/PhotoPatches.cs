using TorchSharp;
using NeuralNotebooks.Data.Synthetic;
using static TorchSharp.torch;

namespace NeuralNotebooks.Data;

/// <summary>
/// Training and held-out patches cut from real photos: the left part of every photo gives random
/// training patches, the right part (never seen in training) gives a grid of held-out patches.
/// </summary>
public static class PhotoPatches
{
    /// <summary>Random square patches from the left <paramref name="trainFraction"/> of each (C, H, W) photo, the same number from each.</summary>
    public static Tensor Train(IReadOnlyList<Tensor> photos, int count, int size, int seed, double trainFraction = 0.75)
    {
        using var scope = NewDisposeScope();
        var perPhoto = (count + photos.Count - 1) / photos.Count;
        var parts = photos.Select((photo, i) =>
            NoisyImages.Patches(photo[.., .., ..(int)(photo.shape[2] * trainFraction)], size, perPhoto, seed + i));
        return cat(parts.ToArray(), 0)[..count].MoveToOuterDisposeScope();   // (count, C, size, size)
    }

    /// <summary>Non-overlapping patches tiling the right part of each photo (what training never saw).</summary>
    public static Tensor HeldOut(IReadOnlyList<Tensor> photos, int size, double trainFraction = 0.75)
    {
        var patches = new List<Tensor>();
        foreach (var photo in photos)
        {
            var (h, w) = ((int)photo.shape[1], (int)photo.shape[2]);
            for (var y = 0; y + size <= h; y += size)
                for (var x = (int)Math.Ceiling(w * trainFraction); x + size <= w; x += size)
                    patches.Add(photo[.., y..(y + size), x..(x + size)]);
        }
        return stack(patches);                                                   // (P, C, size, size)
    }

    /// <summary>Grey version of RGB images (ITU-R BT.601 weights), keeping the channel dimension.</summary>
    public static Tensor Grey(Tensor rgb)
    {
        var weights = tensor(new float[] { 0.299f, 0.587f, 0.114f }, device: rgb.device).view(1, 3, 1, 1);
        return (rgb * weights).sum(1, keepdim: true);
    }
}
