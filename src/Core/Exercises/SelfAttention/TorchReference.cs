using NeuralNotebooks.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.SelfAttention;

/// <summary>
/// Our attention against TorchSharp's own, on the same inputs and weights, with a padding mask and a causal
/// mask together: outputs and every gradient, as one <see cref="Agreement"/> report each.
/// </summary>
public static class TorchReference
{
    /// <summary>Core's <see cref="ScaledDotProductAttention"/> against <c>nn.functional.scaled_dot_product_attention</c>.</summary>
    public static Agreement ScaledDotProduct(int seed = 0, long batch = 2, long heads = 4, long queryLength = 5, long keyLength = 6, long headSize = 4)
    {
        using var scope = NewDisposeScope();
        manual_seed(seed);
        var allowed = Masks(batch, queryLength, keyLength).Allowed;
        var q1 = randn(batch, heads, queryLength, headSize, requires_grad: true);
        var k1 = randn(batch, heads, keyLength, headSize, requires_grad: true);
        var v1 = randn(batch, heads, keyLength, headSize, requires_grad: true);
        var (q2, k2, v2) = (Twin(q1), Twin(k1), Twin(v1));
        var probe = randn(batch, heads, queryLength, headSize);                   // a random loss, so every gradient is non-trivial
        var (ours, _) = ScaledDotProductAttention.Compute(q1, k1, v1, allowed);
        var theirs = nn.functional.scaled_dot_product_attention(q2, k2, v2, allowed.expand(batch, heads, queryLength, keyLength));
        (ours * probe).sum().backward();
        (theirs * probe).sum().backward();
        return Agreement.Of(("attention output", ours, theirs), ("gradient of q", q1.grad!, q2.grad!),
            ("gradient of k", k1.grad!, k2.grad!), ("gradient of v", v1.grad!, v2.grad!));
    }

    /// <summary>
    /// Any multi-head attention with TorchSharp's parameter names (q_proj, k_proj, v_proj, out_proj; e.g. Core's
    /// <see cref="MultiHeadAttention"/> or a notebook's copy of it) against <c>nn.MultiheadAttention</c>: its weights
    /// are copied into <paramref name="ours"/>, both run on the same inputs on ours' device, and the output and
    /// every parameter gradient are compared. TorchSharp's module is sequence-first and its masks mean true = blocked.
    /// </summary>
    public static Agreement MultiHead(nn.Module<Tensor, Tensor, Tensor, Tensor?, Tensor> ours, long heads, int seed = 0,
        long batch = 2, long queryLength = 5, long keyLength = 6)
    {
        using var scope = NewDisposeScope();
        manual_seed(seed);
        var mine = ours.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var modelSize = mine["q_proj.weight"].shape[0];
        var device = mine["q_proj.weight"].device;
        using var reference = nn.MultiheadAttention(modelSize, heads);
        reference.to(device);
        var r = reference.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using (no_grad())
        {
            var (w, b) = (r["in_proj_weight"].chunk(3, 0), r["in_proj_bias"].chunk(3, 0));   // W_q, W_k, W_v stacked
            foreach (var (name, i) in new[] { ("q_proj", 0), ("k_proj", 1), ("v_proj", 2) })
            {
                mine[$"{name}.weight"].copy_(w[i]);
                mine[$"{name}.bias"].copy_(b[i]);
            }
            mine["out_proj.weight"].copy_(r["out_proj.weight"]);
            mine["out_proj.bias"].copy_(r["out_proj.bias"]);
        }
        ours.zero_grad();                                                                      // a notebook may have used it already
        var (keysAllowed, causalAllowed, allowed) = Masks(batch, queryLength, keyLength, device);
        var query = randn(batch, queryLength, modelSize, device: device);
        var memory = randn(batch, keyLength, modelSize, device: device);
        var probe = randn(batch, queryLength, modelSize, device: device);
        var ourOut = ours.call(query, memory, memory, allowed);
        // TorchSharp 0.107's native MultiheadAttention mis-reads a BOOLEAN attn_mask (measured: outputs off by ~1);
        // its boolean key_padding_mask works. So the causal part goes in as the additive float form (−∞ = blocked).
        var additiveCausal = zeros(queryLength, keyLength, device: device).masked_fill(causalAllowed.logical_not(), double.NegativeInfinity);
        var (theirOut, _) = reference.call(query.transpose(0, 1), memory.transpose(0, 1), memory.transpose(0, 1),
            key_padding_mask: keysAllowed.view(batch, keyLength).logical_not(), need_weights: false, attn_mask: additiveCausal);
        theirOut = theirOut.transpose(0, 1);                                                    // (T, B, D) → (B, T, D)
        (ourOut * probe).sum().backward();
        (theirOut * probe).sum().backward();
        var g = mine.ToDictionary(p => p.Key, p => p.Value.grad!);
        return Agreement.Of(("multi-head output", ourOut, theirOut),
            ("gradient of W_q, W_k, W_v", cat([g["q_proj.weight"], g["k_proj.weight"], g["v_proj.weight"]], 0), r["in_proj_weight"].grad!),
            ("gradient of the q, k, v biases", cat([g["q_proj.bias"], g["k_proj.bias"], g["v_proj.bias"]], 0), r["in_proj_bias"].grad!),
            ("gradient of W_o", g["out_proj.weight"], r["out_proj.weight"].grad!),
            ("gradient of the output bias", g["out_proj.bias"], r["out_proj.bias"].grad!));
    }

    // The second sequence has only half its keys; every query also sees only keys up to its own index.
    static (Tensor KeysAllowed, Tensor CausalAllowed, Tensor Allowed) Masks(long batch, long queryLength, long keyLength, Device? device = null)
    {
        var lengths = tensor(Enumerable.Range(0, (int)batch).Select(i => i == 1 ? Math.Max(1, keyLength / 2) : keyLength).ToArray(), device: device);
        var keysAllowed = AttentionMask.FromLengths(lengths, keyLength);                      // (B, 1, 1, Tk) true = real key
        var causalAllowed = ones(queryLength, keyLength, dtype: ScalarType.Bool, device: device).tril();   // (Tq, Tk)
        return (keysAllowed, causalAllowed, keysAllowed.logical_and(causalAllowed));          // (B, 1, Tq, Tk)
    }

    static Tensor Twin(Tensor t) => t.detach().clone().requires_grad_();
}
