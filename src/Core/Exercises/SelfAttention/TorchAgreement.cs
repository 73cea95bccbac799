using NeuralNotebooks.Blocks;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.SelfAttention;

/// <summary>How far our attention is from TorchSharp's on the same inputs and weights (largest absolute differences).</summary>
public sealed record TorchAgreement(double SdpaOutput, double SdpaGradient, double MhaOutput, double MhaWeights, double MhaGradient)
{
    public double Worst => new[] { SdpaOutput, SdpaGradient, MhaOutput, MhaWeights, MhaGradient }.Max();

    /// <summary>
    /// Runs our <see cref="ScaledDotProductAttention"/> against <c>nn.functional.scaled_dot_product_attention</c>
    /// and our <see cref="MultiHeadAttention"/> against <c>nn.MultiheadAttention</c> (weights copied), both
    /// with padding and causal masks, and compares outputs, attention weights and every gradient.
    /// </summary>
    public static TorchAgreement Measure(int seed = 0, long batch = 2, long queryLength = 5, long keyLength = 6, long modelSize = 16, long heads = 4)
    {
        using var scope = NewDisposeScope();
        manual_seed(seed);
        var lengths = tensor(new[] { keyLength, Math.Max(1, keyLength / 2) }.Concat(Enumerable.Repeat(keyLength, (int)batch - 2)).Take((int)batch).ToArray());
        var allowedKeys = AttentionMask.FromLengths(lengths, keyLength);                          // (B, 1, 1, Tk) true = real key
        var causalAllowed = ones(queryLength, keyLength, dtype: ScalarType.Bool).tril();           // (Tq, Tk)
        var allowed = allowedKeys.logical_and(causalAllowed);                                      // (B, 1, Tq, Tk)

        // 1. Scaled dot-product attention, per head.
        var headSize = modelSize / heads;
        var q1 = randn(batch, heads, queryLength, headSize, requires_grad: true);
        var k1 = randn(batch, heads, keyLength, headSize, requires_grad: true);
        var v1 = randn(batch, heads, keyLength, headSize, requires_grad: true);
        var (q2, k2, v2) = (Twin(q1), Twin(k1), Twin(v1));
        var probe = randn(batch, heads, queryLength, headSize);
        var (ours, _) = ScaledDotProductAttention.Compute(q1, k1, v1, allowed);
        var theirs = nn.functional.scaled_dot_product_attention(q2, k2, v2, allowed.expand(batch, heads, queryLength, keyLength));
        (ours * probe).sum().backward();
        (theirs * probe).sum().backward();
        var sdpaOutput = MaxDiff(ours, theirs);
        var sdpaGradient = new[] { MaxDiff(q1.grad!, q2.grad!), MaxDiff(k1.grad!, k2.grad!), MaxDiff(v1.grad!, v2.grad!) }.Max();

        // 2. Multi-head attention with learned projections, against TorchSharp's module (which is (T, B, D) and
        // uses the opposite mask convention: true = blocked).
        var reference = nn.MultiheadAttention(modelSize, heads);
        var mine = new MultiHeadAttention(modelSize, heads) { KeepWeights = true };
        mine.CopyFrom(reference);
        var query = randn(batch, queryLength, modelSize);
        var memory = randn(batch, keyLength, modelSize);
        var outputProbe = randn(batch, queryLength, modelSize);
        var ourOut = mine.call(query, memory, memory, allowed);
        // TorchSharp 0.107's native MultiheadAttention mis-reads a BOOLEAN attn_mask (measured: outputs off by ~1);
        // its boolean key_padding_mask works. So the causal part goes in as the additive float form (−∞ = blocked).
        var additiveCausal = zeros(queryLength, keyLength).masked_fill(causalAllowed.logical_not(), double.NegativeInfinity);
        var (theirOut, theirWeights) = reference.call(query.transpose(0, 1), memory.transpose(0, 1), memory.transpose(0, 1),
            key_padding_mask: allowedKeys.view(batch, keyLength).logical_not(), need_weights: true, attn_mask: additiveCausal);
        theirOut = theirOut.transpose(0, 1);                                                       // (T, B, D) → (B, T, D)
        (ourOut * outputProbe).sum().backward();
        (theirOut * outputProbe).sum().backward();
        var g = mine.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!);
        var r = reference.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!);
        var mhaGradient = new[]
        {
            MaxDiff(cat([g["q_proj.weight"], g["k_proj.weight"], g["v_proj.weight"]], 0), r["in_proj_weight"]),
            MaxDiff(cat([g["q_proj.bias"], g["k_proj.bias"], g["v_proj.bias"]], 0), r["in_proj_bias"]),
            MaxDiff(g["out_proj.weight"], r["out_proj.weight"]),
            MaxDiff(g["out_proj.bias"], r["out_proj.bias"]),
        }.Max();
        var result = new TorchAgreement(sdpaOutput, sdpaGradient, MaxDiff(ourOut, theirOut), MaxDiff(mine.LastWeights!.mean([1]), theirWeights), mhaGradient);
        mine.Dispose();
        reference.Dispose();
        return result;
    }

    static Tensor Twin(Tensor t) => t.detach().clone().requires_grad_();

    static double MaxDiff(Tensor a, Tensor b) => (a - b).abs().max().item<float>();
}
