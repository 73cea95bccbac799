using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.LstmFromScratch;

#region LstmCellFromScratch
/// <summary>
/// One LSTM step written out: four gates from the input AND the previous hidden state (the recurrent
/// weights), then the cell update. Parameters use torch.nn.LSTM's layout — rows [input; forget; cell
/// candidate; output] of weight_ih (4H, I) and weight_hh (4H, H) — so weights copy across one to one.
/// </summary>
public sealed class LstmCellFromScratch : nn.Module<Tensor, (Tensor H, Tensor C), (Tensor H, Tensor C)>
{
    private readonly Parameter weight_ih, weight_hh, bias_ih, bias_hh;

    public long InputSize { get; }
    public long HiddenSize { get; }

    public LstmCellFromScratch(long inputSize, long hiddenSize) : base(nameof(LstmCellFromScratch))
    {
        (InputSize, HiddenSize) = (inputSize, hiddenSize);
        var bound = 1.0 / Math.Sqrt(hiddenSize);   // PyTorch's initialisation: uniform in ±1/sqrt(H)
        weight_ih = new Parameter(empty(4 * hiddenSize, inputSize).uniform_(-bound, bound));
        weight_hh = new Parameter(empty(4 * hiddenSize, hiddenSize).uniform_(-bound, bound));
        bias_ih = new Parameter(empty(4 * hiddenSize).uniform_(-bound, bound));
        bias_hh = new Parameter(empty(4 * hiddenSize).uniform_(-bound, bound));
        RegisterComponents();
    }

    /// <summary>x (B, I), h and c (B, H) → the next (h, c).</summary>
    public override (Tensor H, Tensor C) forward(Tensor x, (Tensor H, Tensor C) state)
    {
        var (h, c) = state;
        var gates = nn.functional.linear(x, weight_ih, bias_ih)
                  + nn.functional.linear(h, weight_hh, bias_hh);   // (B, 4H): without the h term it is not recurrent
        var chunks = gates.chunk(4, dim: 1);
        var i = sigmoid(chunks[0]);       // input gate: how much of the candidate to write
        var f = sigmoid(chunks[1]);       // forget gate: how much of the old cell to keep
        var g = tanh(chunks[2]);          // cell candidate: tanh, so it can push the cell down as well as up
        var o = sigmoid(chunks[3]);       // output gate: how much of the cell to show
        var cNext = f * c + i * g;        // (B, H) the cell is NOT squashed; only the output sees tanh
        var hNext = o * tanh(cNext);      // (B, H)
        return (hNext, cNext);
    }
}
#endregion
