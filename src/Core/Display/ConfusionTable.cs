using System.Text;
using NeuralNotebooks.Display;
using TorchSharp;

namespace NeuralNotebooks.Display;

/// <summary>A confusion matrix (rows = actual class, columns = predicted) as a heatmap and as a labelled text table.</summary>
public static class ConfusionTable
{
    public static Picture Heatmap(long[,] counts)
    {
        using var scope = torch.NewDisposeScope();
        int rows = counts.GetLength(0), columns = counts.GetLength(1);
        var values = new float[rows * columns];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < columns; j++) values[i * columns + j] = counts[i, j];
        return torch.tensor(values).reshape(rows, columns).AsHeatmap();
    }

    public static string ToText(long[,] counts, IReadOnlyList<string> classes)
    {
        var width = Math.Max(6, classes.Max(c => c.Length) + 1);
        var text = new StringBuilder("actual \\ predicted".PadRight(width + 2));
        for (var j = 0; j < classes.Count; j++) text.Append(j.ToString().PadLeft(6));
        text.AppendLine("   recall");
        for (var i = 0; i < classes.Count; i++)
        {
            long total = 0;
            text.Append($"{i} {classes[i]}".PadRight(width + 2));
            for (var j = 0; j < classes.Count; j++) { text.Append(counts[i, j].ToString().PadLeft(6)); total += counts[i, j]; }
            text.AppendLine($"   {(total == 0 ? 0 : counts[i, i] / (double)total):P0}");
        }
        return text.ToString();
    }
}
