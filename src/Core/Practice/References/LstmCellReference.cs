using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice.References;

/// <summary>
/// Exercise 03's reference: one step of an LSTM cell with its four gates, in PyTorch's layout (gates stacked
/// input, forget, cell candidate, output along the first axis of the weights), so it can be compared with LSTMCell.
/// </summary>
public sealed class LstmCellReference
{
    #region Exercise03
    (Tensor h, Tensor c) LstmCell(Tensor x, Tensor h, Tensor c, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh)
    {
        // All four gates in one product each: (batch, 4·hidden), then split in PyTorch's order i, f, g, o.
        var gates = x.matmul(wIh.t()) + bIh + h.matmul(wHh.t()) + bHh;
        var chunks = gates.chunk(4, 1);
        var i = chunks[0].sigmoid();
        var f = chunks[1].sigmoid();
        var g = chunks[2].tanh();          // the candidate is tanh: it can push the cell up or down
        var o = chunks[3].sigmoid();
        var cNext = f * c + i * g;         // additive memory: the path that lets gradients survive long sequences
        var hNext = o * cNext.tanh();
        return (hNext, cNext);
    }
    #endregion

    /// <summary>The reference as the grader calls it.</summary>
    public static Delegate[] Functions()
    {
        var r = new LstmCellReference();
        return [new Func<Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, (Tensor, Tensor)>(r.LstmCell)];
    }
}
