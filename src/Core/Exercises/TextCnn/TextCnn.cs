using NeuralNotebooks.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.TextCnn;

#region TextCnn
/// <summary>
/// Exercise 11: Kim (2014)'s CNN for sentence classification. Embeddings are the channels of a 1-D signal
/// over time; one Conv1d per window width; max over time; dropout; linear. Padding is masked twice
/// (zeroed before the convolution, −∞ for windows that start in it), so it cannot change the prediction.
/// </summary>
public sealed class TextCnn : nn.Module<Tensor, Tensor, Tensor>
{
    public const long PadId = 0;

    private readonly Embedding embedding;
    private readonly ModuleList<Conv1d> convs;
    private readonly Dropout dropout;
    private readonly Linear fc;

    public long VocabularySize { get; }
    public IReadOnlyList<int> Widths { get; }   // window widths, in characters
    public Linear Classifier => fc;   // its weights say which filters vote for which class

    public TextCnn(long vocabularySize, long classes, long embeddingSize = 64, int[]? widths = null, long filtersPerWidth = 64, double dropoutRate = 0.5)
        : base(nameof(TextCnn))
    {
        (VocabularySize, Widths) = (vocabularySize, widths ?? [2, 3, 4]);
        if (Widths.Count == 0 || Widths.Any(w => w < 1))
            throw new ArgumentException($"TextCnn needs at least one window width, each ≥ 1, got [{string.Join(", ", Widths)}].");
        embedding = nn.Embedding(vocabularySize, embeddingSize, padding_idx: PadId);
        convs = nn.ModuleList(Widths.Select(w => nn.Conv1d(embeddingSize, filtersPerWidth, w)).ToArray());
        dropout = nn.Dropout(dropoutRate);
        fc = nn.Linear(filtersPerWidth * Widths.Count, classes);
        RegisterComponents();
    }

    // tokens (B, T) int64, lengths (B) int64 → logits (B, classes)
    public override Tensor forward(Tensor tokens, Tensor lengths) => fc.call(dropout.call(Features(tokens, lengths)));

    // Max over time of every filter: (B, filters × widths)
    public Tensor Features(Tensor tokens, Tensor lengths) => cat(Activations(tokens, lengths).Select(y => y.amax([2])).ToList(), dim: 1);

    // Each width's responses (B, F, T), one per start position t; −∞ where the window starts in padding
    public IReadOnlyList<Tensor> Activations(Tensor tokens, Tensor lengths)
    {
        InputChecks.Tokens(tokens, VocabularySize, nameof(TextCnn));
        InputChecks.Lengths(lengths, tokens, nameof(TextCnn));
        var valid = SequenceMask.Valid(lengths.to(tokens.device), tokens.shape[1]);   // (B, T)
        var x = (embedding.call(tokens) * valid.unsqueeze(2)).transpose(1, 2);           // (B, E, T) padding → 0, embedding = channels
        return convs.Select((conv, i) =>
            nn.functional.relu(conv.call(nn.functional.pad(x, [0, Widths[i] - 1])))      // (B, F, T): right-pad, one window per start t
              .masked_fill(valid.logical_not().unsqueeze(1), double.NegativeInfinity))   // windows starting in padding never win
            .ToList();
    }
}
#endregion
