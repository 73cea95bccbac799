using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice.References;

/// <summary>
/// Exercise 05's reference: scaled dot-product attention with a boolean mask (true = may attend), and the head
/// split/merge of multi-head attention. A query that may see no key gets all-zero weights and a zero output.
/// </summary>
public sealed class AttentionReference
{
    #region Exercise05
    (Tensor output, Tensor weights) Attention(Tensor q, Tensor k, Tensor v, Tensor mask)
    {
        // q: (..., Lq, d), k and v: (..., Lk, d), mask: broadcastable to (..., Lq, Lk), true where the query may look.
        var scores = q.matmul(k.transpose(-2, -1)) / Math.Sqrt(q.shape[^1]);
        scores = scores.masked_fill(mask.logical_not(), double.NegativeInfinity);
        // A row of only −∞ gives 0/0 = NaN in softmax: such a query sees nothing, so its weights are set to zero.
        var weights = scores.softmax(-1).nan_to_num(0.0);
        return (weights.matmul(v), weights);
    }

    Tensor SplitHeads(Tensor x, int heads)
    {
        // (batch, length, embed) → (batch, heads, length, embed / heads): each head attends over the time axis.
        var (b, l, e) = (x.shape[0], x.shape[1], x.shape[2]);
        return x.view(b, l, heads, e / heads).transpose(1, 2);
    }

    Tensor MergeHeads(Tensor x)
    {
        // (batch, heads, length, d) → (batch, length, heads · d); contiguous because transpose only changes strides.
        var (b, hd, l, d) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        return x.transpose(1, 2).contiguous().view(b, l, hd * d);
    }
    #endregion

    /// <summary>The reference as the grader calls it.</summary>
    public static Delegate[] Functions()
    {
        var r = new AttentionReference();
        return
        [
            new Func<Tensor, Tensor, Tensor, Tensor, (Tensor, Tensor)>(r.Attention),
            new Func<Tensor, int, Tensor>(r.SplitHeads),
            new Func<Tensor, Tensor>(r.MergeHeads),
        ];
    }
}
