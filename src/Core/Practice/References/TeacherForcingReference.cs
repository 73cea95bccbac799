using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice.References;

/// <summary>
/// Exercise 15's reference: teacher forcing's shift of a target batch (BOS … EOS PAD…) into the decoder's input and
/// what it must predict, and the decoder's self-attention mask, causal AND key-not-padding (true = may attend), as the
/// course's TeacherForcing.Shift and AttentionMask.CausalWithPadding do.
/// </summary>
public sealed class TeacherForcingReference
{
    #region Exercise15
    (Tensor input, Tensor expected) ShiftTarget(Tensor target)
    {
        // target (B, T) = BOS y1 … yn EOS PAD…: position t reads BOS y1 … y(t−1) and must predict y(t).
        // Both halves keep the padding where it was, so expected is PAD exactly where the loss must ignore it.
        return (target[.., ..^1], target[.., 1..]);
    }

    Tensor DecoderMask(Tensor input, long padId)
    {
        // input (B, T) → (B, 1, T, T), row = query, column = key. Causal: a query sees keys 0..t, never later ones.
        var t = input.shape[1];
        var causal = torch.ones(t, t, dtype: ScalarType.Bool).tril().view(1, 1, t, t);
        // Padding blocks KEYS (the last axis): nobody may read a pad token. A padded query row keeps its causal view of
        // the real keys (BOS is never padding), so no row is empty; the loss ignores those rows anyway.
        var realKeys = input.ne(padId).view(input.shape[0], 1, 1, t);
        return causal.logical_and(realKeys);
    }
    #endregion

    /// <summary>The reference as the grader calls it.</summary>
    public static Delegate[] Functions()
    {
        var r = new TeacherForcingReference();
        return [new Func<Tensor, (Tensor, Tensor)>(r.ShiftTarget), new Func<Tensor, long, Tensor>(r.DecoderMask)];
    }
}
