using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice.References;

/// <summary>
/// Exercise 01's reference: the backward pass of a two-layer MLP (Linear → ReLU → Linear, mean cross-entropy) by
/// hand. The region is written as the learner cell writes it (no modifiers) so the runner can put it in the notebook.
/// </summary>
public sealed class MlpBackwardReference
{
    #region Exercise01
    (Tensor dW1, Tensor db1, Tensor dW2, Tensor db2) MlpBackward(Tensor x, Tensor labels, Tensor w1, Tensor b1, Tensor w2, Tensor b2)
    {
        // Forward again, keeping what the backward pass needs.
        var z1 = x.matmul(w1.t()) + b1;
        var h = z1.relu();
        var logits = h.matmul(w2.t()) + b2;
        // Mean cross-entropy: dL/dlogits = (softmax − one-hot) / N. softmax subtracts the row maximum, so it is stable.
        var n = x.shape[0];
        var oneHot = torch.nn.functional.one_hot(labels, logits.shape[1]).to(logits.dtype);
        var dLogits = (logits.softmax(1) - oneHot) / n;
        var dW2 = dLogits.t().matmul(h);
        var db2 = dLogits.sum(dim: 0);
        // Through the second layer, then ReLU passes the gradient only where its input was positive.
        var dZ1 = dLogits.matmul(w2) * (z1 > 0).to(z1.dtype);
        var dW1 = dZ1.t().matmul(x);
        var db1 = dZ1.sum(dim: 0);
        return (dW1, db1, dW2, db2);
    }
    #endregion

    /// <summary>The reference as the grader calls it.</summary>
    public static Delegate[] Functions()
    {
        var r = new MlpBackwardReference();
        return [new Func<Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, (Tensor, Tensor, Tensor, Tensor)>(r.MlpBackward)];
    }
}
