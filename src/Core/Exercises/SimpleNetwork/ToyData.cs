using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.SimpleNetwork;

/// <summary>A labelled point cloud: features (N, 2) float32 and class indices (N) int64, on the CPU.</summary>
public sealed record PointCloud(Tensor Features, Tensor Labels)
{
    public long Count => Labels.shape[0];
}

/// <summary>
/// The two classic tasks a linear model cannot solve: XOR and two interleaved half moons. Seeded and
/// generated here, so the lesson needs no files.
/// </summary>
public static class ToyData
{
    /// <summary>
    /// XOR: points drawn around the four corners of the unit square, label = a XOR b. With
    /// <paramref name="count"/> = 4 and no noise it is exactly the truth table.
    /// </summary>
    public static PointCloud Xor(int count = 4, double noise = 0.0, int seed = 0)
    {
        if (count < 4) throw new ArgumentOutOfRangeException(nameof(count), count, "XOR needs at least 4 points (one per corner).");
        using var generator = new torch.Generator((ulong)seed);
        var corner = torch.arange(count, dtype: ScalarType.Int64) % 4;              // 0,1,2,3,0,1,... every corner equally often
        var a = (corner >= 2).to(ScalarType.Float32);                               // (N) corners 2, 3 have a = 1
        var b = (corner % 2).to(ScalarType.Float32);                                // (N) corners 1, 3 have b = 1
        var features = torch.stack([a, b], dim: 1);                                 // (N, 2)
        if (noise > 0) features = features + noise * torch.randn(count, 2, generator: generator);
        var labels = ((corner == 1) | (corner == 2)).to(ScalarType.Int64);          // (N) a XOR b
        return new PointCloud(features, labels);
    }

    /// <summary>
    /// Two interleaving half circles (class 0 on top, class 1 below and shifted), with Gaussian noise of
    /// standard deviation <paramref name="noise"/>; the points come shuffled.
    /// </summary>
    public static PointCloud TwoMoons(int count = 200, double noise = 0.1, int seed = 0)
    {
        if (count < 2) throw new ArgumentOutOfRangeException(nameof(count), count, "Two moons needs at least 2 points.");
        using var generator = new torch.Generator((ulong)seed);
        var upper = count / 2;
        var lower = count - upper;
        var t0 = torch.linspace(0, Math.PI, upper);                                 // angles along each arc
        var t1 = torch.linspace(0, Math.PI, lower);
        var top = torch.stack([torch.cos(t0), torch.sin(t0)], dim: 1);              // (N/2, 2)
        var bottom = torch.stack([1 - torch.cos(t1), 0.5 - torch.sin(t1)], dim: 1); // (N/2, 2)
        var features = torch.cat([top, bottom], dim: 0);                            // (N, 2)
        var labels = torch.cat([torch.zeros(upper, ScalarType.Int64), torch.ones(lower, ScalarType.Int64)]);
        if (noise > 0) features = features + noise * torch.randn(count, 2, generator: generator);
        var order = torch.randperm(count, generator: generator);
        return new PointCloud(features[order], labels[order]);
    }
}
