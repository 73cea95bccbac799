using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.Transformer;

/// <summary>Turns on (or off) keeping the attention weights of every <see cref="MultiHeadAttention"/> inside a model, for plotting.</summary>
public static class AttentionWeights
{
    public static void Keep(nn.Module model, bool keep = true)
    {
        foreach (var attention in model.modules().OfType<MultiHeadAttention>()) attention.KeepWeights = keep;
    }
}
