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
/// </summary>
public sealed class MultiHeadAttention : nn.Module<Tensor, Tensor, Tensor, Tensor?, Tensor>
{
    private readonly Linear q_proj;
    private readonly Linear k_proj;
    private readonly Linear v_proj;
    private readonly Linear out_proj;
    private readonly Dropout attn_dropout;

    public long ModelSize { get; }
    public long Heads { get; }
    public long HeadSize => ModelSize / Heads;

    /// <summary>When true, each forward keeps a detached copy of its weights (B, H, Tq, Tk) in <see cref="LastWeights"/>.</summary>
    public bool KeepWeights { get; set; }
    public Tensor? LastWeights { get; private set; }

    public MultiHeadAttention(long modelSize, long heads, double dropout = 0.0) : base(nameof(MultiHeadAttention))
    {
        if (modelSize <= 0 || heads <= 0 || modelSize % heads != 0)
            throw new ArgumentException($"d_model must be a positive multiple of the head count; got d_model={modelSize}, heads={heads}.");
        ModelSize = modelSize;
        Heads = heads;
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
        CheckInputs(query, key, value);
        var q = SplitHeads(q_proj.call(query));                               // (B, H, Tq, d)
        var k = SplitHeads(k_proj.call(key));                                 // (B, H, Tk, d)
        var v = SplitHeads(v_proj.call(value));                               // (B, H, Tk, d)
        var weights = ScaledDotProductAttention.Weights(q, k, allowed);       // (B, H, Tq, Tk)
        if (KeepWeights) Keep(weights);
        var heads = matmul(attn_dropout.call(weights), v);                    // (B, H, Tq, d)
        return out_proj.call(MergeHeads(heads));                              // (B, Tq, D)
    }

    /// <summary>(B, T, D) → (B, H, T, D/H): each head sees its own slice of the projected features.</summary>
    Tensor SplitHeads(Tensor x) => x.view(x.shape[0], x.shape[1], Heads, HeadSize).transpose(1, 2);

    /// <summary>(B, H, T, D/H) → (B, T, D): heads side by side again.</summary>
    static Tensor MergeHeads(Tensor x) => x.transpose(1, 2).contiguous().view(x.shape[0], x.shape[2], x.shape[1] * x.shape[3]);

    void Keep(Tensor weights)
    {
        LastWeights?.Dispose();
        LastWeights = weights.detach().cpu().clone().DetachFromDisposeScope();
    }

    void CheckInputs(Tensor query, Tensor key, Tensor value)
    {
        static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";
        if (query.dim() != 3 || key.dim() != 3 || value.dim() != 3)
            throw new ArgumentException($"expected query, key and value of shape [B, T, {ModelSize}], got {Shape(query)}, {Shape(key)}, {Shape(value)}.");
        if (query.shape[2] != ModelSize || key.shape[2] != ModelSize || value.shape[2] != ModelSize)
            throw new ArgumentException($"expected feature size {ModelSize} (d_model), got query {Shape(query)}, key {Shape(key)}, value {Shape(value)}.");
        if (key.shape[1] != value.shape[1] || key.shape[0] != value.shape[0] || query.shape[0] != key.shape[0])
            throw new ArgumentException($"key and value must have the same batch and length, and query the same batch; got query {Shape(query)}, key {Shape(key)}, value {Shape(value)}.");
    }

    /// <summary>
    /// Copies the weights of TorchSharp's <c>nn.MultiheadAttention</c> (same d_model and heads) into this
    /// module: its packed <c>in_proj_weight</c> (3D, D) holds W_q, W_k, W_v stacked in that order.
    /// </summary>
    public void CopyFrom(TorchSharp.Modules.MultiheadAttention reference)
    {
        var p = reference.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        using var _ = no_grad();
        var w = p["in_proj_weight"].chunk(3, 0);
        var b = p["in_proj_bias"].chunk(3, 0);
        q_proj.weight!.copy_(w[0]); k_proj.weight!.copy_(w[1]); v_proj.weight!.copy_(w[2]);
        q_proj.bias!.copy_(b[0]); k_proj.bias!.copy_(b[1]); v_proj.bias!.copy_(b[2]);
        out_proj.weight!.copy_(p["out_proj.weight"]);
        out_proj.bias!.copy_(p["out_proj.bias"]);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) LastWeights?.Dispose();
        base.Dispose(disposing);
    }
}
