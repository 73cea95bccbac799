using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice.References;

/// <summary>
/// Exercise 14's reference: one step of beam search. Every live hypothesis b may continue with every token v, scored
/// scores[b] + logProbs[b, v] (a sum of log-probabilities, as Core's SequenceDecoding.BeamSearch scores them); a
/// finished hypothesis (it ended with EOS) is not extended: its one continuation is itself, score unchanged, written
/// as EOS again. The new beam is the `width` best of all these candidates, best first; ties go to the lower beam, then
/// the lower token (a stable sort of the flattened (k, V) scores).
/// </summary>
public sealed class BeamStepReference
{
    #region Exercise14
    (Tensor beam, Tensor token, Tensor score) BeamStep(Tensor scores, Tensor logProbs, Tensor finished, int width, long eos)
    {
        // scores (k), logProbs (k, V), finished (k) bool. Log-probabilities ADD: a product of probabilities underflows to 0.
        var (k, v) = (logProbs.shape[0], logProbs.shape[1]);
        var total = scores.unsqueeze(1) + logProbs;                                            // (k, V)
        // A finished hypothesis keeps exactly one candidate, itself (as EOS) with its score; all else is −∞.
        var onlyEos = torch.arange(v).ne(eos).unsqueeze(0).expand(k, v);
        var carried = scores.unsqueeze(1).expand(k, v).masked_fill(onlyEos, double.NegativeInfinity);
        total = torch.where(finished.unsqueeze(1), carried, total);
        // The top `width` over ALL k·V candidates at once, not per beam; the stable sort makes ties deterministic.
        var (sorted, order) = total.reshape(-1).sort(descending: true, stable: true);
        var n = Math.Min(width, k * v);
        var top = order.narrow(0, 0, n);
        return (top.div(v, RoundingMode.floor), top.remainder(v), sorted.narrow(0, 0, n));
    }
    #endregion

    /// <summary>The reference as the grader calls it.</summary>
    public static Delegate[] Functions()
    {
        var r = new BeamStepReference();
        return [new Func<Tensor, Tensor, Tensor, int, long, (Tensor, Tensor, Tensor)>(r.BeamStep)];
    }
}
