using NeuralNotebooks.Blocks;
using NeuralNotebooks.Exercises.RnnClassifier;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.TextCnn;

/// <summary>
/// Exercise 11: Kim (2014)'s CNN for sentence classification. Token embeddings form a (E, T) signal; one
/// Conv1d per window width (e.g. 2, 3, 4 characters) slides along the text — 1-D convolution over time,
/// with the embedding as channels, not a 2-D convolution over an image of embeddings; max-over-time
/// pooling keeps each filter's strongest match anywhere in the text, so any length gives a fixed-size
/// vector; dropout and a linear layer classify it. Padding is masked: padded tokens are zeroed before
/// the convolution and windows that start in the padding are excluded from the max, so what the padding
/// holds cannot change the prediction.
/// </summary>
public sealed class TextCnn : nn.Module<Tensor, Tensor, Tensor>
{
    public const long PadId = 0;

    private readonly Embedding embedding;
    private readonly ModuleList<Conv1d> convs;
    private readonly Dropout dropout;
    private readonly Linear fc;

    public long VocabularySize { get; }
    public IReadOnlyList<int> Widths { get; }

    public TextCnn(long vocabularySize, long classes, long embeddingSize = 64, int[]? widths = null, long filtersPerWidth = 64, double dropoutRate = 0.5)
        : base(nameof(TextCnn))
    {
        VocabularySize = vocabularySize;
        Widths = widths ?? [2, 3, 4];
        if (Widths.Count == 0 || Widths.Any(w => w < 1))
            throw new ArgumentException($"TextCnn needs at least one window width, each ≥ 1, got [{string.Join(", ", Widths)}].");
        embedding = nn.Embedding(vocabularySize, embeddingSize, padding_idx: PadId);
        convs = nn.ModuleList(Widths.Select(w => nn.Conv1d(embeddingSize, filtersPerWidth, w)).ToArray());
        dropout = nn.Dropout(dropoutRate);
        fc = nn.Linear(filtersPerWidth * Widths.Count, classes);
        RegisterComponents();
    }

    /// <summary>tokens (B, T) int64, lengths (B) int64 → logits (B, classes).</summary>
    public override Tensor forward(Tensor tokens, Tensor lengths) => fc.call(dropout.call(Features(tokens, lengths)));

    /// <summary>The classifier over the pooled features: its weights say which filters vote for which class.</summary>
    public Linear Classifier => fc;

    /// <summary>The pooled feature vector (B, filters × widths) before dropout and the classifier.</summary>
    public Tensor Features(Tensor tokens, Tensor lengths) =>
        cat(Activations(tokens, lengths).Select(y => y.amax([2])).ToList(), dim: 1);   // max over time → (B, F·widths)

    /// <summary>
    /// Each width's filter responses (B, F, T) after ReLU, one per start position t (tokens t .. t+w−1);
    /// windows that start in the padding are −∞. Their argmax over time is the n-gram a filter kept.
    /// </summary>
    public IReadOnlyList<Tensor> Activations(Tensor tokens, Tensor lengths)
    {
        InputChecks.Tokens(tokens, VocabularySize, nameof(TextCnn));
        InputChecks.Lengths(lengths, tokens, nameof(TextCnn));
        var valid = SequenceMask.Valid(lengths.to(tokens.device), tokens.shape[1]);   // (B, T)
        var x = embedding.call(tokens) * valid.unsqueeze(2);                               // (B, T, E) padding → 0
        x = x.transpose(1, 2);                                                             // (B, E, T) embedding = channels
        var responses = new List<Tensor>(convs.Count);
        for (var i = 0; i < convs.Count; i++)
        {
            // Right-pad by width − 1 so there is one window per position t (tokens t .. t+w−1).
            var y = nn.functional.relu(convs[i].call(nn.functional.pad(x, [0, Widths[i] - 1])));   // (B, F, T)
            responses.Add(y.masked_fill(valid.logical_not().unsqueeze(1), double.NegativeInfinity)); // windows starting in padding never win
        }
        return responses;
    }
}
