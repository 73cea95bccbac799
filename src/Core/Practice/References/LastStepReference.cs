using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice.References;

/// <summary>
/// Exercise 09's reference: each sequence's output at its own last real step, from an RNN run over a padded batch —
/// the same vector the course's RecurrentClassifier gets as h_n from a packed sequence.
/// </summary>
public sealed class LastStepReference
{
    #region Exercise09
    Tensor LastRealStep(Tensor outputs, Tensor lengths)
    {
        // outputs: (B, T, H) from a batch-first RNN over padded input; lengths: (B) int64, 1 ≤ length ≤ T.
        // The last real step of a sequence of length n is n − 1 (0-based); outputs[:, -1] would be padding for short ones.
        var last = (lengths.to(outputs.device) - 1).view(-1, 1, 1);        // (B, 1, 1)
        var index = last.expand(-1, 1, outputs.shape[2]);                   // (B, 1, H): the same step for every feature
        return outputs.gather(1, index).squeeze(1);                         // (B, H)
    }
    #endregion

    /// <summary>The reference as the grader calls it.</summary>
    public static Delegate[] Functions() => [new Func<Tensor, Tensor, Tensor>(new LastStepReference().LastRealStep)];
}
