using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.SimpleNetwork;

/// <summary>A picture of what a 2-D classifier learned: P(class 1) over a grid of the plane.</summary>
public static class DecisionBoundary
{
    /// <summary>
    /// P(class 1) on a resolution×resolution grid over the given box, as a (resolution, resolution) CPU tensor whose
    /// first row is the top (largest y). The grid points are made on <paramref name="device"/> (the model's).
    /// </summary>
    public static Tensor Grid(Func<Tensor, Tensor> probabilityOfClass1, (double Min, double Max) x, (double Min, double Max) y,
        Device device, int resolution = 60)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var xs = torch.linspace(x.Min, x.Max, resolution, device: device);
        var ys = torch.linspace(y.Max, y.Min, resolution, device: device);
        var grid = torch.meshgrid([ys, xs], indexing: "ij");                        // (R, R) each
        var points = torch.stack([grid[1].flatten(), grid[0].flatten()], dim: 1);   // (R², 2) as (x, y)
        var p = probabilityOfClass1(points);                                        // (R²)
        return p.cpu().reshape(resolution, resolution).MoveToOuterDisposeScope();
    }
}
