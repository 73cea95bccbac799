using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Blocks;

/// <summary>
/// Multi-head attention from scratch: learned projections W_q, W_k, W_v, split into h heads of size
/// d_model / h, scaled dot-product attention in each head in parallel, heads merged back and mixed by
/// W_o. Inputs are batch-first (B, T, d_model). The same module is self-attention (query = key = value),
/// causal self-attention (with <see cref="AttentionMask.Causal"/>) and cross-attention (key = value =
/// encoder memory). Set <see cref="KeepWeights"/> to keep the last attention weights for plotting.
/// Parameter names follow TorchSharp's <c>nn.MultiheadAttention</c> (q_proj … out_proj), which the
/// agreement check of exercise 5 relies on.
/// </summary>
#region MultiHeadAttention
public sealed class MultiHeadAttention : nn.Module<Tensor, Tensor, Tensor, Tensor?, Tensor>
{
    private readonly Linear q_proj, k_proj, v_proj, out_proj;
    private readonly Dropout attn_dropout;

    public long ModelSize { get; }
    public long Heads { get; }
    public long HeadSize => ModelSize / Heads;
    public bool KeepWeights { get; set; }        // keep the last weights (B, H, Tq, Tk), detached on the CPU, for plots
    public Tensor? LastWeights { get; private set; }

    public MultiHeadAttention(long modelSize, long heads, double dropout = 0.0) : base(nameof(MultiHeadAttention))
    {
        if (modelSize <= 0 || heads <= 0 || modelSize % heads != 0)
            throw new ArgumentException($"d_model must be a positive multiple of the head count; got d_model={modelSize}, heads={heads}.");
        (ModelSize, Heads) = (modelSize, heads);
        q_proj = nn.Linear(modelSize, modelSize);
        k_proj = nn.Linear(modelSize, modelSize);
        v_proj = nn.Linear(modelSize, modelSize);
        out_proj = nn.Linear(modelSize, modelSize);
        attn_dropout = nn.Dropout(dropout);
        RegisterComponents();
    }

    /// <summary>query (B, Tq, D), key and value (B, Tk, D), mask broadcastable to (B, H, Tq, Tk), true = may attend.</summary>
    public override Tensor forward(Tensor query, Tensor key, Tensor value, Tensor? allowed)
    {
        InputChecks.Attention(query, key, value, ModelSize);
        var q = SplitHeads(q_proj.call(query));                               // (B, H, Tq, d)
        var k = SplitHeads(k_proj.call(key));                                 // (B, H, Tk, d)
        var v = SplitHeads(v_proj.call(value));                               // (B, H, Tk, d)
        var weights = ScaledDotProductAttention.Weights(q, k, allowed);       // (B, H, Tq, Tk)
        if (KeepWeights) { LastWeights?.Dispose(); LastWeights = weights.detach().cpu().clone().DetachFromDisposeScope(); }
        var heads = matmul(attn_dropout.call(weights), v);                    // (B, H, Tq, d)
        return out_proj.call(MergeHeads(heads));                              // (B, Tq, D)
    }

    // (B, T, D) → (B, H, T, D/H): the transpose puts heads before time, so each head attends over time.
    Tensor SplitHeads(Tensor x) => x.view(x.shape[0], x.shape[1], Heads, HeadSize).transpose(1, 2);

    // (B, H, T, D/H) → (B, T, D): heads side by side again, for W_o to mix.
    static Tensor MergeHeads(Tensor x) => x.transpose(1, 2).contiguous().view(x.shape[0], x.shape[2], x.shape[1] * x.shape[3]);
}
#endregion
