using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Blocks;

/// <summary>
/// softmax(Q Kᵀ / √d_k) V, written out. Dividing by √d_k keeps the logits' variance near 1 whatever the
/// head size, so the softmax does not saturate and its gradients do not vanish. Blocked positions get
/// −∞ before the softmax (a weight of exactly zero), never a random or additive "mask value".
/// </summary>
public static class ScaledDotProductAttention
{
    /// <summary>
    /// q (…, Tq, d), k (…, Tk, d), v (…, Tk, dv); <paramref name="allowed"/> a boolean mask broadcastable
    /// to (…, Tq, Tk), true where a query may attend. Returns the output (…, Tq, dv) and the weights
    /// (…, Tq, Tk). A query row with no allowed key gets all-zero weights (and output), not NaN.
    /// </summary>
    public static (Tensor Output, Tensor Weights) Compute(Tensor q, Tensor k, Tensor v, Tensor? allowed = null)
    {
        var weights = Weights(q, k, allowed);                                 // (…, Tq, Tk)
        return (matmul(weights, v), weights);                                 // (…, Tq, dv)
    }

    /// <summary>The attention weights alone, softmax(Q Kᵀ / √d_k) over the allowed keys: (…, Tq, Tk), rows sum to 1.</summary>
    public static Tensor Weights(Tensor q, Tensor k, Tensor? allowed = null)
    {
        var scores = matmul(q, k.transpose(-2, -1)) / Math.Sqrt(q.shape[^1]); // (…, Tq, Tk)
        if (allowed is null) return scores.softmax(-1);
        var blocked = allowed.logical_not();
        // A finite fill instead of −∞ keeps fully blocked rows finite (uniform) in the forward and
        // backward pass; the second masked_fill then zeroes them. Elsewhere exp(−huge) is exactly 0.
        return scores.masked_fill(blocked, float.MinValue).softmax(-1).masked_fill(blocked, 0.0);
    }
}
