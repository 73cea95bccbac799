using NeuralNotebooks.Blocks;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.LstmFromScratch;

#region LstmFromScratch
/// <summary>
/// The from-scratch cell unrolled over a batch first (B, T, I) sequence; lengths (B) or null for "all T".
/// Variable lengths work as packing does: once a sequence ends its state stops changing and its outputs are 0.
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

    public override (Tensor Output, Tensor H, Tensor C) forward(Tensor x, Tensor? lengths)
    {
        if (x.dim() != 3 || x.shape[2] != InputSize || x.shape[1] == 0)
            throw new ArgumentException($"LstmFromScratch expects input of shape [B, T, {InputSize}] with T ≥ 1, got {InputChecks.Shape(x)}.");
        long batch = x.shape[0], time = x.shape[1];
        if (lengths is not null) InputChecks.Lengths(lengths, x[.., .., 0], nameof(LstmFromScratch));
        var valid = lengths is null ? null : SequenceMask.Valid(lengths.to(x.device), time).unsqueeze(2);   // (B, T, 1)

        var h = zeros(batch, HiddenSize, dtype: x.dtype, device: x.device);   // (B, H)
        var c = zeros(batch, HiddenSize, dtype: x.dtype, device: x.device);   // (B, H)
        var outputs = new List<Tensor>((int)time);
        for (long t = 0; t < time; t++)
        {
            var (hNext, cNext) = cell.call(x[.., t], (h, c));
            var live = valid?[.., t];                                    // (B, 1): false once a sequence has ended
            h = live is null ? hNext : where(live, hNext, h);            // finished sequences keep their last state
            c = live is null ? cNext : where(live, cNext, c);
            outputs.Add(live is null ? hNext : where(live, hNext, zeros_like(hNext)));   // and output 0, as pad_packed_sequence does
        }
        return (stack(outputs, dim: 1), h, c);                          // (B, T, H), (B, H), (B, H)
    }
}
#endregion
