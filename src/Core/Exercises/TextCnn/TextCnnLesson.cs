using System.Diagnostics;
using NeuralNotebooks.Data;
using NeuralNotebooks.Exercises.RnnClassifier;
using NeuralNotebooks.Runtime;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.TextCnn;

/// <summary>Sizes of the exercise 11 run for each mode. About 1,400 short texts: a small model does as well as a wide one in quick mode.</summary>
public sealed record TextCnnSize(int MaxLength, int Epochs, int BatchSize, int EmbeddingSize, int FiltersPerWidth)
{
    public static TextCnnSize For(RunMode mode) => mode == RunMode.Quick
        ? new(128, 16, 32, 32, 32)
        : new(256, 30, 32, 64, 64);
}

/// <summary>The trained text CNN, its test results and the majority-class baseline it must beat.</summary>
public sealed record TextCnnResult(
    TextCnn Model,
    TrainingHistory History,
    double TestAccuracy,
    double MajorityBaseline,
    double BalancedAccuracy,
    long[,] Confusion,
    PoemCorpus Train,
    PoemCorpus Test,
    TimeSpan Elapsed);

/// <summary>One filter's strongest matches: the character n-grams (with the poem's dynasty) it kept in max-over-time.</summary>
public sealed record FilterMatches(int Width, int Filter, double SongVote, IReadOnlyList<(string Ngram, float Activation, Dynasty Dynasty)> Top);

/// <summary>
/// Exercise 11's entry point: Tang or Song? A character-level Kim CNN on <see cref="PoemDynasties"/> (whole
/// poems plus quoted lines of known poets). Poems are held out by poem (lines of one poem stay on one side),
/// and the result is reported with the majority-class baseline and balanced accuracy beside plain accuracy.
/// </summary>
public static class TextCnnLesson
{
    public static TextCnnResult Train(RunMode mode, int seed = 0) => Train(TextCnnSize.For(mode), PoemDynasties.Load(), seed);

    public static TextCnnResult Train(TextCnnSize size, PoemCorpus corpus, int seed = 0)
    {
        var clock = Stopwatch.StartNew();
        var (trainPoems, testPoems) = corpus.SplitByPoem(testShare: 0.25, seed);
        using var train = trainPoems.ToDataset(size.MaxLength);
        using var test = testPoems.ToDataset(size.MaxLength);

        Seed.Set(seed);
        // Character windows up to 8 wide: line structure (5 or 7 characters between punctuation in regulated
        // verse, uneven lines in ci) is visible only to the wider filters.
        var model = new TextCnn(trainPoems.Characters.Count, classes: 2, size.EmbeddingSize, [2, 4, 6, 8], size.FiltersPerWidth).to(Devices.Default);
        // Weigh each class by its inverse frequency, so that the larger class is no comfortable minimum.
        var counts = train.Targets.bincount(null, 2).to_type(float32);
        var classWeights = (counts.sum() / (2 * counts)).to(Devices.Default);
        var trainer = SequenceClassification.Trainer(model, optim.Adam(model.parameters(), lr: 3e-3, weight_decay: 1e-4), classWeights: classWeights);
        var history = trainer.Fit(new DataLoader(train, size.BatchSize, shuffle: true), new DataLoader(test, 256), size.Epochs);

        var predicted = Predictions.Classes(model, test);
        var confusion = Metrics.ConfusionMatrix(tensor(predicted), test.Targets, 2);
        return new TextCnnResult(model, history, history.Last("accuracy") ?? 0, Metrics.MajorityShare(confusion), Metrics.BalancedAccuracy(confusion),
            confusion, trainPoems, testPoems, clock.Elapsed);
    }

    /// <summary>
    /// What the model keys on: the filters with the strongest vote for each class (classifier weight for Song
    /// minus weight for Tang), each with the n-grams of <paramref name="poems"/> that excite it most.
    /// </summary>
    public static IReadOnlyList<FilterMatches> TopNgrams(TextCnn model, PoemCorpus poems, int filtersPerClass = 3, int top = 6, int maxLength = 128)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        model.eval();
        using var data = poems.ToDataset(maxLength);
        var device = model.Classifier.weight!.device;
        var responses = model.Activations(data.Tensors[0].to(device), data.Tensors[2].to(device)).Select(r => r.cpu()).ToList();
        var vote = (model.Classifier.weight![1] - model.Classifier.weight![0]).cpu().data<float>().ToArray();
        var perWidth = vote.Length / model.Widths.Count;
        var chosen = Enumerable.Range(0, vote.Length).OrderByDescending(f => vote[f]).Take(filtersPerClass)
            .Concat(Enumerable.Range(0, vote.Length).OrderBy(f => vote[f]).Take(filtersPerClass));
        var lengths = data.Tensors[2].data<long>().ToArray();
        return chosen.Select(feature =>
        {
            var (w, f) = (feature / perWidth, feature % perWidth);
            var width = model.Widths[w];
            var (best, at) = responses[w][.., f].max(1);   // per poem: strongest window and where it starts
            var values = best.data<float>().ToArray();
            var starts = at.data<long>().ToArray();
            var matches = Enumerable.Range(0, values.Length).OrderByDescending(n => values[n])
                .Select(n => (Ngram: Window(poems.Poems[n].Body, (int)starts[n], width, (int)lengths[n]), Activation: values[n], poems.Poems[n].Dynasty))
                .DistinctBy(m => m.Ngram).Take(top).ToList();
            return new FilterMatches(width, f, vote[feature], matches);
        }).ToList();
    }

    // The characters a window saw; newlines shown as ⏎ (line ends are part of the pattern), past the text's end as ·.
    static string Window(string body, int start, int width, int length)
    {
        var characters = Vocabulary.Characters(body).Take(length).ToArray();
        return string.Concat(Enumerable.Range(start, width).Select(i => i < characters.Length ? (characters[i] == "\n" ? "⏎" : characters[i]) : "·"));
    }
}
