using NeuralNotebooks.Data;
using NeuralNotebooks.Exercises.RnnClassifier;
using NeuralNotebooks.Runtime;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.TextCnn;

/// <summary>Sizes of the exercise 11 run for each mode (the corpus is small: 409 poems, so full mode only trains longer and wider).</summary>
public sealed record TextCnnSize(int MaxLength, int Epochs, int BatchSize, int EmbeddingSize, int FiltersPerWidth)
{
    public static TextCnnSize For(RunMode mode) => mode == RunMode.Quick
        ? new(128, 12, 32, 48, 48)
        : new(256, 40, 32, 128, 128);
}

/// <summary>The trained text CNN, its test results and the majority-class baseline it must beat.</summary>
public sealed record TextCnnResult(
    TextCnn Model,
    TrainingHistory History,
    double TestAccuracy,
    double MajorityBaseline,
    double BalancedAccuracy,
    long[,] Confusion,
    PoemCorpus Corpus,
    TensorDataset Test);

/// <summary>
/// Exercise 11's entry point: Tang or Song? Character-level Kim CNN on the poems of fortunes-zh (313 Tang,
/// 96 Song). The classes are unbalanced, so the result is reported with the majority-class baseline and
/// balanced accuracy (the mean of per-class recalls) beside plain accuracy.
/// </summary>
public static class TextCnnLesson
{
    public static TextCnnResult Train(RunMode mode, int seed = 0) => Train(TextCnnSize.For(mode), seed);

    public static TextCnnResult Train(TextCnnSize size, int seed = 0)
    {
        var corpus = Poems.Load();
        using var all = corpus.ToDataset(size.MaxLength);
        var split = all.Split(validation: 0.25, seed: seed);
        split.Test.Dispose();

        Seed.Set(seed);
        // Character windows up to 8 wide: a poem's line structure (5 or 7 characters between punctuation in
        // Tang regulated verse, irregular in Song lyrics) is visible only to the wider filters.
        var model = new TextCnn(corpus.Characters.Count, classes: 2, size.EmbeddingSize, [2, 4, 6, 8], size.FiltersPerWidth).to(Devices.Default);
        // 313 Tang vs 96 Song poems: weigh each class by its inverse frequency, or "always Tang" is a comfortable minimum.
        var counts = split.Train.Targets.bincount(null, 2).to_type(float32);
        var classWeights = (counts.sum() / (2 * counts)).to(Devices.Default);
        var trainer = SequenceClassification.Trainer(model, optim.Adam(model.parameters(), lr: 3e-3, weight_decay: 1e-4), classWeights: classWeights);
        var history = trainer.Fit(new DataLoader(split.Train, size.BatchSize, shuffle: true), new DataLoader(split.Validation, 256), size.Epochs);

        var predicted = SequenceClassification.Predict(model, split.Validation);
        var confusion = Metrics.ConfusionMatrix(tensor(predicted), split.Validation.Targets, 2);
        split.Train.Dispose();
        return new TextCnnResult(model, history, history.Last("accuracy") ?? 0, MajorityShare(confusion), BalancedAccuracy(confusion), confusion, corpus, split.Validation);
    }

    /// <summary>Mean of the per-class recalls: 0.5 for a model that always answers the majority class.</summary>
    public static double BalancedAccuracy(long[,] confusion)
    {
        var classes = confusion.GetLength(0);
        var recalls = Enumerable.Range(0, classes)
            .Select(c => (Correct: confusion[c, c], Total: Enumerable.Range(0, classes).Sum(p => confusion[c, p])))
            .Where(r => r.Total > 0)
            .Select(r => (double)r.Correct / r.Total);
        return recalls.Average();
    }

    static double MajorityShare(long[,] confusion)
    {
        var classes = confusion.GetLength(0);
        var totals = Enumerable.Range(0, classes).Select(c => Enumerable.Range(0, classes).Sum(p => confusion[c, p])).ToArray();
        return (double)totals.Max() / totals.Sum();
    }
}
