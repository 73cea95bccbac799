using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Blocks;

/// <summary>Cross-entropy over every position of a sequence: logits (B, T, V) against token ids (B, T).</summary>
public static class TokenCrossEntropy
{
    public static Tensor Compute(Tensor logits, Tensor targets) => nn.functional.cross_entropy(logits.flatten(0, 1), targets.flatten());
}
