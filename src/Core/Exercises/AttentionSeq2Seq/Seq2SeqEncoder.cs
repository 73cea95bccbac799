using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.AttentionSeq2Seq;

/// <summary>
/// Embedding + a one-directional GRU over the source. Sources are padded at the end, so the outputs at
/// real positions never see padding; the summary handed to the decoder is the GRU state at each row's
/// LAST REAL token (not at the padded end).
/// </summary>
public sealed class Seq2SeqEncoder : nn.Module<Tensor, (Tensor Outputs, Tensor Final)>
{
    private readonly Embedding embedding;
    private readonly GRU rnn;
    readonly long padId;

    public Seq2SeqEncoder(long vocabularySize, long embeddingSize, long hiddenSize, long padId) : base(nameof(Seq2SeqEncoder))
    {
        this.padId = padId;
        embedding = nn.Embedding(vocabularySize, embeddingSize, padding_idx: padId);
        rnn = nn.GRU(embeddingSize, hiddenSize, batchFirst: true);
        RegisterComponents();
    }

    /// <summary>source (B, S) → outputs (B, S, H), final state (B, H) at the last real token.</summary>
    public override (Tensor Outputs, Tensor Final) forward(Tensor source)
    {
        var (outputs, _) = rnn.call(embedding.call(source));                  // (B, S, H)
        var last = source.ne(padId).sum(1).sub(1).clamp_min(0);               // (B) index of the last real token
        var index = last.view(-1, 1, 1).expand(-1, 1, outputs.shape[2]);      // (B, 1, H)
        return (outputs, outputs.gather(1, index).squeeze(1));                // (B, H)
    }
}
