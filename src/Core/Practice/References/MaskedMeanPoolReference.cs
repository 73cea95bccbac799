using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice.References;

/// <summary>
/// Exercise 06's reference: the mean over the real tokens of each sequence (masked mean pooling), as the course's
/// TransformerTextClassifier pools its encoder's output. A sequence with no real token pools to zeros.
/// </summary>
public sealed class MaskedMeanPoolReference
{
    #region Exercise06
    Tensor MaskedMeanPool(Tensor hidden, Tensor mask)
    {
        // hidden: (B, T, D); mask: (B, T) boolean, true for a real token, false for padding.
        var real = mask.unsqueeze(-1);                                  // (B, T, 1), broadcasts over D
        // masked_fill, not a product: padding that holds NaN or Inf must not leak in (NaN · 0 = NaN).
        var sum = hidden.masked_fill(real.logical_not(), 0.0).sum(1);   // (B, D): the sum over real tokens only
        // Divide by the real length, not by T; at least 1, so a sequence of only padding gives zeros, not 0/0 = NaN.
        var count = real.sum(1).to(hidden.dtype).clamp_min(1.0);       // (B, 1)
        return sum / count;
    }
    #endregion

    /// <summary>The reference as the grader calls it.</summary>
    public static Delegate[] Functions() => [new Func<Tensor, Tensor, Tensor>(new MaskedMeanPoolReference().MaskedMeanPool)];
}
