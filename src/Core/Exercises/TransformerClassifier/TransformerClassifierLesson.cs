using NeuralNotebooks.Data;
using NeuralNotebooks.Runtime;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.TransformerClassifier;

/// <summary>Sizes of the poem-classification lesson for a run mode.</summary>
public sealed record ClassifierSize(int MaxLength, int Epochs, int BatchSize, int ModelSize, int Heads, int Layers, int HiddenSize, double LearningRate)
{
    public static ClassifierSize For(RunMode mode) => mode == RunMode.Quick
        ? new(96, 12, 32, 64, 4, 2, 128, 1e-3)
        : new(160, 40, 32, 128, 4, 3, 256, 5e-4);
}

/// <summary>The trained classifier, its history, validation accuracy against the majority-class baseline, and the confusion matrix [actual, predicted] (Tang 0, Song 1).</summary>
public sealed record ClassifierResult(TransformerTextClassifier Model, PoemCorpus Corpus, TrainingHistory History, double Accuracy,
    double MajorityBaseline, long[,] Confusion, TimeSpan Elapsed);

/// <summary>
/// Exercise 6, a Transformer text classifier on real text: is a classical Chinese poem from the Tang
/// collection (tang300) or the Song collection (song100, mostly ci with irregular line lengths)?
/// Character tokens → <see cref="TransformerTextClassifier"/> (pre-norm encoder stack, padding mask in
/// attention and pooling) → two classes. The data set is small and unbalanced (313 Tang, 96 Song), so
/// the accuracy is reported next to the majority-class baseline.
/// </summary>
public static class TransformerClassifierLesson
{
    public static ClassifierResult Train(RunMode mode, Device? device = null)
    {
        var size = ClassifierSize.For(mode);
        device ??= Devices.Default;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var corpus = Poems.Load();
        using var all = corpus.ToDataset(size.MaxLength);
        var split = all.Split(validation: 0.2);
        var model = new TransformerTextClassifier(corpus.Characters.Count, classes: 2, size.MaxLength, size.ModelSize, size.Heads,
            size.Layers, size.HiddenSize, dropout: 0.1).to(device);
        var trainer = new Trainer(model, nn.CrossEntropyLoss(), optim.AdamW(model.parameters(), size.LearningRate, weight_decay: 0.01),
            new TrainerOptions { Metrics = [Metric.Accuracy] });
        var history = trainer.Fit(new DataLoader(split.Train, size.BatchSize, shuffle: true, device: device),
            new DataLoader(split.Validation, 128, device: device), size.Epochs);

        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var labels = split.Validation.Targets;
        var predicted = model.call(split.Validation.Inputs.to(device)).argmax(-1).cpu();
        var accuracy = predicted.eq(labels).to(ScalarType.Float64).mean().item<double>();
        var songShare = labels.to(ScalarType.Float64).mean().item<double>();
        var result = new ClassifierResult(model, corpus, history, accuracy, Math.Max(songShare, 1 - songShare),
            Metrics.ConfusionMatrix(predicted, labels, 2), clock.Elapsed);
        split.Train.Dispose(); split.Validation.Dispose(); split.Test.Dispose();
        return result;
    }
}
