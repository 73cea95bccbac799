using NeuralNotebooks.Blocks;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Display;

/// <summary>
/// One picture made of rows of images, for before/after comparisons and per-epoch sample grids:
/// row r shows the images of <c>rows[r]</c> (N, C, H, W) side by side, with a light gap between them.
/// The result is (C, H·rows + gaps, W·columns + gaps) in [0, 1]; show it with <c>.AsImage()</c>.
/// </summary>
public static class ImageRows
{
    public static Tensor Tile(IReadOnlyList<Tensor> rows, int columns = 8, int gap = 2)
    {
        if (rows.Count == 0) throw new ArgumentException("ImageRows.Tile needs at least one row.");
        var first = rows[0];
        foreach (var row in rows) InputChecks.Images(row, nameof(ImageRows), first.shape[1], first.shape[2], first.shape[3]);
        using var scope = NewDisposeScope();
        var (c, h, w) = ((int)first.shape[1], (int)first.shape[2], (int)first.shape[3]);
        var canvas = ones(c, rows.Count * (h + gap) - gap, columns * (w + gap) - gap);
        for (var r = 0; r < rows.Count; r++)
            for (var i = 0; i < Math.Min(columns, rows[r].shape[0]); i++)
            {
                var (top, left) = (r * (h + gap), i * (w + gap));
                canvas[.., top..(top + h), left..(left + w)] = rows[r][i].detach().cpu().clamp(0, 1);
            }
        return canvas.MoveToOuterDisposeScope();
    }
}
