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
        ? new(64, 10, 32, 64, 4, 2, 128, 1e-3)
        : new(160, 40, 32, 128, 4, 3, 256, 5e-4);
}

/// <summary>
/// The trained classifier, its history, held-out accuracy against the majority-class baseline, balanced accuracy
/// (mean per-class recall) and the confusion matrix [actual, predicted] (Tang 0, Song 1). <see cref="ClassifierResult.Corpus"/>
/// is the training side (its vocabulary is the model's).
/// </summary>
public sealed record ClassifierResult(TransformerTextClassifier Model, PoemCorpus Corpus, TrainingHistory History, double Accuracy,
    double MajorityBaseline, long[,] Confusion, TimeSpan Elapsed, double BalancedAccuracy, PoemCorpus Test);

/// <summary>
/// Exercise 6, a Transformer text classifier on real text: was a classical Chinese poem, or a famous line
/// from one, written in the Tang or in the Song dynasty (<see cref="PoemDynasties"/>: 595 Tang, 844 Song)?
/// Character tokens → <see cref="TransformerTextClassifier"/> (pre-norm encoder stack, padding mask in
/// attention and pooling) → two classes. A quarter is held out by poem; the classes are unbalanced, so the
/// loss is class-weighted and the accuracy is reported next to the majority baseline and balanced accuracy.
/// </summary>
public static class TransformerClassifierLesson
{
    public static ClassifierResult Train(RunMode mode, Device? device = null, int seed = 0)
    {
        var size = ClassifierSize.For(mode);
        device ??= Devices.Default;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (corpus, testPoems) = PoemDynasties.Load().SplitByPoem(testShare: 0.25, seed);
        using var train = corpus.ToDataset(size.MaxLength);
        using var test = testPoems.ToDataset(size.MaxLength);
        Seed.Set(seed);
        var model = new TransformerTextClassifier(corpus.Characters.Count, classes: 2, size.MaxLength, size.ModelSize, size.Heads,
            size.Layers, size.HiddenSize, dropout: 0.1).to(device);
        // Weigh each class by its inverse frequency, so that the larger class is no comfortable minimum.
        var counts = train.Targets.bincount(null, 2).to_type(float32);
        var classWeights = (counts.sum() / (2 * counts)).to(device);
        var trainer = new Trainer(model, nn.CrossEntropyLoss(classWeights), optim.AdamW(model.parameters(), size.LearningRate, weight_decay: 0.01),
            new TrainerOptions { Metrics = [Metric.Accuracy] });
        var history = trainer.Fit(new DataLoader(train, size.BatchSize, shuffle: true, device: device),
            new DataLoader(test, 128, device: device), size.Epochs);

        using var scope = NewDisposeScope();
        using var _ = no_grad();
        model.eval();
        var labels = test.Targets;
        var predicted = model.call(test.Inputs.to(device)).argmax(-1).cpu();
        var accuracy = predicted.eq(labels).to(ScalarType.Float64).mean().item<double>();
        var confusion = Metrics.ConfusionMatrix(predicted, labels, 2);
        return new ClassifierResult(model, corpus, history, accuracy, Metrics.MajorityShare(confusion), confusion, clock.Elapsed,
            Metrics.BalancedAccuracy(confusion), testPoems);
    }
}
