using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.AttentionSeq2Seq;

/// <summary>
/// Additive (Bahdanau) attention: score(s, h_j) = vᵀ tanh(W s + U h_j), softmax over the real source
/// positions, context = Σ_j α_j h_j. The decoder state s asks the question; every encoder output h_j
/// is a candidate answer. U h_j does not depend on the decoder step, so <see cref="ProjectKeys"/> runs once per source.
/// </summary>
public sealed class BahdanauAttention : nn.Module<Tensor, Tensor, Tensor, Tensor, (Tensor Context, Tensor Weights)>
{
    private readonly Linear query_proj;   // W
    private readonly Linear key_proj;     // U
    private readonly Linear score;        // v

    public BahdanauAttention(long querySize, long keySize, long attentionSize) : base(nameof(BahdanauAttention))
    {
        query_proj = nn.Linear(querySize, attentionSize, hasBias: false);
        key_proj = nn.Linear(keySize, attentionSize);
        score = nn.Linear(attentionSize, 1, hasBias: false);
        RegisterComponents();
    }

    /// <summary>encoder outputs (B, S, H) → U h (B, S, A).</summary>
    public Tensor ProjectKeys(Tensor encoderOutputs) => key_proj.call(encoderOutputs);

    /// <summary>query (B, Hd), projected keys (B, S, A), values = encoder outputs (B, S, H), allowed (B, S) → context (B, H), weights (B, S).</summary>
    public override (Tensor Context, Tensor Weights) forward(Tensor query, Tensor projectedKeys, Tensor values, Tensor allowed)
    {
        var energy = score.call(tanh(query_proj.call(query).unsqueeze(1) + projectedKeys)).squeeze(-1); // (B, S)
        var weights = energy.masked_fill(allowed.logical_not(), double.NegativeInfinity).softmax(-1);  // (B, S)
        var context = bmm(weights.unsqueeze(1), values).squeeze(1);                                    // (B, H)
        return (context, weights);
    }
}
