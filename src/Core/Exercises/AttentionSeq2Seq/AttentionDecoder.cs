using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.AttentionSeq2Seq;

/// <summary>
/// One step of the attention decoder (Bahdanau style): attend with the previous state s(t−1) to get a
/// context c(t), feed [embedding of the previous token; c(t)] to a GRU cell to get s(t), and predict the
/// next token from [s(t); c(t); embedding]. Training runs it with the true previous tokens (teacher
/// forcing); decoding feeds back its own predictions.
/// </summary>
public sealed class AttentionDecoder : nn.Module<Tensor, Tensor, Tensor, Tensor, Tensor, (Tensor Logits, Tensor Hidden, Tensor Weights)>
{
    private readonly Embedding embedding;
    private readonly Linear key_proj;     // U of the attention score, applied once per source
    private readonly nn.Module<Tensor, Tensor, Tensor, Tensor, (Tensor Context, Tensor Weights)> attention;
    private readonly GRUCell cell;
    private readonly Linear output;

    /// <summary>
    /// <paramref name="attention"/>: (state (B, H), projected keys (B, S, <paramref name="attentionSize"/>), encoder outputs,
    /// allowed) → (context (B, <paramref name="encoderSize"/>), weights (B, S)); by default a <see cref="BahdanauAttention"/>.
    /// </summary>
    public AttentionDecoder(long vocabularySize, long embeddingSize, long hiddenSize, long encoderSize, long padId, long attentionSize,
        nn.Module<Tensor, Tensor, Tensor, Tensor, (Tensor Context, Tensor Weights)>? attention = null) : base(nameof(AttentionDecoder))
    {
        embedding = nn.Embedding(vocabularySize, embeddingSize, padding_idx: padId);
        key_proj = nn.Linear(encoderSize, attentionSize);
        this.attention = attention ?? new BahdanauAttention(hiddenSize, attentionSize);
        cell = nn.GRUCell(embeddingSize + encoderSize, hiddenSize);
        output = nn.Linear(hiddenSize + encoderSize + embeddingSize, vocabularySize);
        RegisterComponents();
    }

    /// <summary>encoder outputs (B, S, He) → U h (B, S, A): the part of the attention score that does not depend on the step.</summary>
    public Tensor ProjectKeys(Tensor encoderOutputs) => key_proj.call(encoderOutputs);

    /// <summary>
    /// previous token (B), previous state (B, H), projected keys (B, S, A), encoder outputs (B, S, He),
    /// source mask (B, S) → next-token logits (B, V), new state (B, H), attention weights (B, S).
    /// </summary>
    public override (Tensor Logits, Tensor Hidden, Tensor Weights) forward(Tensor previous, Tensor hidden, Tensor projectedKeys, Tensor encoderOutputs, Tensor allowed)
    {
        var embedded = embedding.call(previous);                                               // (B, E)
        var (context, weights) = attention.call(hidden, projectedKeys, encoderOutputs, allowed); // (B, He), (B, S)
        var next = cell.call(cat([embedded, context], 1), hidden);                             // (B, H)
        var logits = output.call(cat([next, context, embedded], 1));                          // (B, V)
        return (logits, next, weights);
    }
}
