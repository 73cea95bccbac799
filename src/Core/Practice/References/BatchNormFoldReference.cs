using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice.References;

/// <summary>
/// Exercise 08's reference: a BatchNorm in eval mode folded into the convolution before it, as Core's
/// BatchNormFolding.FoldPair does for the course's FashionCnn. With frozen statistics BN is the affine map
/// γ·(z − μ)/√(σ² + ε) + β of the convolution's output z, so with s = γ/√(σ² + ε) per output channel the pair is one
/// convolution with w' = w·s and b' = (b − μ)·s + β.
/// </summary>
public sealed class BatchNormFoldReference
{
    #region Exercise08
    (Tensor weight, Tensor bias) FoldBatchNorm(Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar, Tensor gamma, Tensor beta, double eps)
    {
        // weight: (O, C, kh, kw); bias: (O), or null for a convolution without bias (usual before BN); the rest (O).
        var scale = gamma / (runningVar + eps).sqrt();                      // (O): s = γ/√(σ² + ε), the standard deviation
        var convBias = bias is null ? torch.zeros_like(runningMean) : bias; // no bias is a bias of 0
        // One scale per OUTPUT channel: the weight's first axis, so the view is (O, 1, 1, 1).
        var foldedWeight = weight * scale.view(-1, 1, 1, 1);                // w' = w·s
        var foldedBias = (convBias - runningMean) * scale + beta;           // b' = (b − μ)·s + β: the mean moves into the bias
        return (foldedWeight, foldedBias);
    }
    #endregion

    /// <summary>The reference as the grader calls it.</summary>
    public static Delegate[] Functions() =>
        [new Func<Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, double, (Tensor, Tensor)>(new BatchNormFoldReference().FoldBatchNorm)];
}
