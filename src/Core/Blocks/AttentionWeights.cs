using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Blocks;

/// <summary>Attention weights for plotting: keep them in every <see cref="MultiHeadAttention"/> of a model; turn one map into a matrix.</summary>
public static class AttentionWeights
{
    public static void Keep(nn.Module model, bool keep = true)
    {
        foreach (var attention in model.modules().OfType<MultiHeadAttention>()) attention.KeepWeights = keep;
    }

    /// <summary>A 2-D tensor (rows, columns) as a managed matrix, for heatmaps.</summary>
    public static float[,] ToMatrix(Tensor matrix)
    {
        var rows = (int)matrix.shape[0];
        var columns = (int)matrix.shape[1];
        var values = matrix.detach().cpu().to(ScalarType.Float32).data<float>().ToArray();
        var result = new float[rows, columns];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < columns; j++) result[i, j] = values[i * columns + j];
        return result;
    }
}
