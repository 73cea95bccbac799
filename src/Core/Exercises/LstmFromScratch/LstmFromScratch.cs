using NeuralNotebooks.Blocks;
using NeuralNotebooks.Exercises.RnnClassifier;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.LstmFromScratch;

/// <summary>
/// Exercise 3: an LSTM written from its equations — input, forget, output gates and a tanh cell
/// candidate, each fed by the current input and the previous hidden state through recurrent weights —
/// unrolled over a batch of sequences of any length. With weights copied from torch.nn.LSTM it gives the
/// same outputs, final (h, c) and gradients (tests check 1e-5), which is the proof that the gates are right.
/// Variable-length batches are handled the way packing does it: once a sequence ends its state stops
/// changing, its outputs are zero, and the returned (h, c) are those at its last real step.
/// </summary>
public sealed class LstmFromScratch : nn.Module<Tensor, Tensor?, (Tensor Output, Tensor H, Tensor C)>
{
    private readonly LstmCellFromScratch cell;

    public long InputSize => cell.InputSize;
    public long HiddenSize => cell.HiddenSize;

    public LstmFromScratch(long inputSize, long hiddenSize) : base(nameof(LstmFromScratch))
    {
        cell = new LstmCellFromScratch(inputSize, hiddenSize);
        RegisterComponents();
    }

    /// <summary>
    /// x (B, T, I) batch first; lengths (B) int64 or null for "all T". Returns output (B, T, H) and the
    /// final h, c (B, H).
    /// </summary>
    public override (Tensor Output, Tensor H, Tensor C) forward(Tensor x, Tensor? lengths)
    {
        if (x.dim() != 3 || x.shape[2] != InputSize)
            throw new ArgumentException($"LstmFromScratch expects input of shape [B, T, {InputSize}], got {InputChecks.Shape(x)}.");
        long batch = x.shape[0], time = x.shape[1];
        if (time == 0)
            throw new ArgumentException("LstmFromScratch needs at least one time step, got T = 0.");
        if (lengths is not null)
            InputChecks.Lengths(lengths, x[.., .., 0], nameof(LstmFromScratch));
        var valid = lengths is null ? null : SequenceMask.Valid(lengths.to(x.device), time).unsqueeze(2); // (B, T, 1)

        var h = zeros(batch, HiddenSize, dtype: x.dtype, device: x.device);   // (B, H)
        var c = zeros(batch, HiddenSize, dtype: x.dtype, device: x.device);   // (B, H)
        var outputs = new List<Tensor>((int)time);
        for (long t = 0; t < time; t++)
        {
            var (hNext, cNext) = cell.call(x[.., t], (h, c));
            if (valid is null)
            {
                (h, c) = (hNext, cNext);
                outputs.Add(hNext);
                continue;
            }
            var live = valid[.., t];                           // (B, 1): false once a sequence has ended
            h = where(live, hNext, h);                         // finished sequences keep their last state
            c = where(live, cNext, c);
            outputs.Add(where(live, hNext, zeros_like(hNext)));  // and output zeros, as pad_packed_sequence does
        }
        return (stack(outputs, dim: 1), h, c);                 // (B, T, H), (B, H), (B, H)
    }

    /// <summary>Copies a one-layer, one-direction torch.nn.LSTM's weights into this one.</summary>
    public void CopyFrom(LSTM reference) => cell.CopyFrom(reference);
}
