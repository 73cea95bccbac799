using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.AttentionSeq2Seq;

/// <summary>
/// Additive (Bahdanau) attention: score(s, h_j) = vᵀ tanh(W s + U h_j), softmax over the real source
/// positions, context = Σ_j α_j h_j. The decoder state s asks the question; every encoder output h_j
/// is a candidate answer. U h_j does not depend on the decoder step, so the decoder computes it once per
/// source (<see cref="AttentionDecoder.ProjectKeys"/>) and passes it in.
/// </summary>
#region BahdanauAttention
public sealed class BahdanauAttention : nn.Module<Tensor, Tensor, Tensor, Tensor, (Tensor Context, Tensor Weights)>
{
    private readonly Linear query_proj;   // W
    private readonly Linear score;        // v

    public BahdanauAttention(long querySize, long attentionSize) : base(nameof(BahdanauAttention))
    {
        query_proj = nn.Linear(querySize, attentionSize, hasBias: false);
        score = nn.Linear(attentionSize, 1, hasBias: false);
        RegisterComponents();
    }

    /// <summary>query s (B, Hd), projected keys U h (B, S, A), values h (B, S, He), allowed (B, S) → context (B, He), weights (B, S).</summary>
    public override (Tensor Context, Tensor Weights) forward(Tensor query, Tensor projectedKeys, Tensor values, Tensor allowed)
    {
        var energy = score.call(tanh(query_proj.call(query).unsqueeze(1) + projectedKeys)).squeeze(-1); // (B, S)
        var weights = energy.masked_fill(allowed.logical_not(), double.NegativeInfinity).softmax(-1);  // (B, S) padding gets 0
        var context = bmm(weights.unsqueeze(1), values).squeeze(1);                                    // (B, He)
        return (context, weights);
    }
}
#endregion
