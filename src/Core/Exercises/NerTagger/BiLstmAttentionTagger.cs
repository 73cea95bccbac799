using NeuralNotebooks.Blocks;
using NeuralNotebooks.Runtime;
using NeuralNotebooks.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.NerTagger;

#region BiLstmAttentionTagger
/// <summary>
/// Exercise 13: one BIO tag per token. A packed BiLSTM gives every token left and right context;
/// multi-head self-attention over its states (padding masked as keys) lets each token look at any other;
/// residual + LayerNorm keeps the BiLSTM signal; a linear layer scores the tags at every position.
/// </summary>
public sealed class BiLstmAttentionTagger : nn.Module<Tensor, Tensor, Tensor>
{
    public const long IgnoreLabel = Vocabulary.Pad;   // the tag id at padded positions; the loss skips it

    private readonly Embedding embedding;
    private readonly LSTM lstm;
    private readonly MultiheadAttention attention;
    private readonly Dropout dropout;
    private readonly LayerNorm norm;
    private readonly Linear fc;
    private readonly long vocabularySize;

    public BiLstmAttentionTagger(long vocabularySize, long tags, long embeddingSize = 64, long hiddenSize = 64, long heads = 4, double dropoutRate = 0.1)
        : base(nameof(BiLstmAttentionTagger))
    {
        this.vocabularySize = vocabularySize;
        embedding = nn.Embedding(vocabularySize, embeddingSize, padding_idx: Vocabulary.Pad);
        lstm = nn.LSTM(embeddingSize, hiddenSize, batchFirst: true, bidirectional: true);
        attention = nn.MultiheadAttention(2 * hiddenSize, heads);
        dropout = nn.Dropout(dropoutRate);
        norm = nn.LayerNorm(2 * hiddenSize);
        fc = nn.Linear(2 * hiddenSize, tags);
        RegisterComponents();
    }

    /// <summary>tokens (B, T) int64, lengths (B) int64 → tag scores (B, T, tags).</summary>
    public override Tensor forward(Tensor tokens, Tensor lengths) => ForwardWithAttention(tokens, lengths).Scores;

    /// <summary>Tag scores (B, T, tags) and the attention weights (B, T, T), averaged over heads, for plotting.</summary>
    public (Tensor Scores, Tensor Attention) ForwardWithAttention(Tensor tokens, Tensor lengths)
    {
        InputChecks.Tokens(tokens, vocabularySize, nameof(BiLstmAttentionTagger));
        InputChecks.Lengths(lengths, tokens, nameof(BiLstmAttentionTagger));
        tokens = tokens.On(this);   // a notebook passes host tensors to this helper; the model may be on a GPU
        long time = tokens.shape[1];
        var x = embedding.call(tokens);                                                           // (B, T, E)
        var packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first: true, enforce_sorted: false);
        var (states, _, _) = lstm.call(packed);
        var (h, _) = nn.utils.rnn.pad_packed_sequence(states, batch_first: true, total_length: time);   // (B, T, 2H), 0 at padding
        var padding = SequenceMask.Valid(lengths.to(tokens.device), time).logical_not();    // (B, T) true = ignore as a key
        var q = h.transpose(0, 1);                                                                // (T, B, 2H): MultiheadAttention is sequence-first
        var (a, weights) = attention.call(q, q, q, padding, true, null);                          // (T, B, 2H), (B, T, T)
        var z = norm.call(h + dropout.call(a.transpose(0, 1)));                                   // (B, T, 2H)
        return (fc.call(z), weights);                                                             // (B, T, tags)
    }

    /// <summary>
    /// Word dropout for training: each real word (not PAD or another special id) becomes UNK with probability
    /// <paramref name="rate"/>. Without it UNK never occurs in training, so an unseen name at test time is a token the
    /// model has no meaning for; with it UNK means "some word: read the context", and names are tagged from context.
    /// </summary>
    public static Tensor WordDropout(Tensor tokens, double rate)
    {
        if (rate <= 0) return tokens;
        var drop = rand(tokens.shape, device: tokens.device).lt(rate).logical_and(tokens.ge(Vocabulary.Specials.Count));
        return tokens.masked_fill(drop, Vocabulary.Unk);
    }

    /// <summary>Cross-entropy over real tokens only: labels (B, T) hold IgnoreLabel at padding.</summary>
    public static Tensor Loss(Tensor scores, Tensor labels) =>
        nn.functional.cross_entropy(scores.flatten(0, 1), labels.flatten(), ignore_index: IgnoreLabel);
}
#endregion
