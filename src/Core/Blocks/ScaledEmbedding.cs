using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Blocks;

/// <summary>
/// Token embeddings for a Transformer that multiplies them by √D, as the paper does. TorchSharp's
/// <c>nn.Embedding</c> starts at N(0, 1); times √D that is std √D (8 for D = 64) against a positional
/// encoding of amplitude 1, so word order is nearly invisible and the residual stream is too large for the
/// sublayers to move. Starting at N(0, 1/D) makes the scaled embedding unit-sized, like the paper's (whose
/// embedding is tied to the output layer). The padding row, if any, stays zero.
/// </summary>
public static class ScaledEmbedding
{
    public static Embedding Create(long vocabularySize, long modelSize, long? padId = null)
    {
        var embedding = padId is long pad
            ? nn.Embedding(vocabularySize, modelSize, padding_idx: pad)
            : nn.Embedding(vocabularySize, modelSize);
        using var _ = no_grad();
        embedding.weight!.normal_(0, 1 / Math.Sqrt(modelSize));
        if (padId is long padRow) embedding.weight[padRow].zero_();
        return embedding;
    }
}
