using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Blocks;

/// <summary>
/// Cross-entropy against a smoothed target: 1 − ε on the true token and ε spread uniformly over the whole
/// vocabulary (the convention of PyTorch's <c>label_smoothing</c>). It stops the model from pushing
/// logits to infinity for a single answer, which improves calibration and, in translation, BLEU. Padding
/// positions are ignored, and the mean is over real tokens only.
/// </summary>
public static class LabelSmoothingLoss
{
    /// <summary>logits (N, V) or (B, T, V); targets (N) or (B, T) with <paramref name="ignoreIndex"/> at padding.</summary>
    public static Tensor Compute(Tensor logits, Tensor targets, double smoothing, long ignoreIndex)
    {
        if (smoothing is < 0 or >= 1) throw new ArgumentException($"label smoothing must be in [0, 1), got {smoothing}.");
        var logProbs = logits.reshape(-1, logits.shape[^1]).log_softmax(-1);  // (N, V)
        var flat = targets.reshape(-1);                                       // (N)
        var real = flat.ne(ignoreIndex);                                      // (N)
        var safe = flat.masked_fill(real.logical_not(), 0);
        var nll = -logProbs.gather(1, safe.unsqueeze(1)).squeeze(1);          // (N) −log p(true)
        var uniform = -logProbs.mean([1]);                                     // (N) −mean log p over the vocabulary
        var perToken = (1 - smoothing) * nll + smoothing * uniform;
        var weight = real.to(perToken.dtype);
        return (perToken * weight).sum() / weight.sum().clamp_min(1);
    }
}
