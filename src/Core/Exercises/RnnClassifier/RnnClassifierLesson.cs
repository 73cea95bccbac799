using NeuralNotebooks.Data;
using NeuralNotebooks.Runtime;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.RnnClassifier;

/// <summary>How one recurrent layer did on the long-range task.</summary>
public sealed record RecurrentRun(
    RecurrentKind Kind,
    RecurrentClassifier Model,
    TrainingHistory History,
    double TestAccuracy,
    IReadOnlyList<(int MinLength, int MaxLength, double Accuracy)> AccuracyByLength,
    TimeSpan TrainingTime);

/// <summary>The vanilla-RNN-versus-gated comparison: one run per recurrent layer, same data, same budget.</summary>
public sealed record RnnClassifierResult(LongRangeTask Task, IReadOnlyList<RecurrentRun> Runs)
{
    public RecurrentRun this[RecurrentKind kind] => Runs.Single(r => r.Kind == kind);

    /// <summary>Best gated test accuracy minus the vanilla RNN's: the measured cost of vanishing gradients.</summary>
    public double Gap => Runs.Where(r => r.Kind != RecurrentKind.Rnn).Max(r => r.TestAccuracy) - this[RecurrentKind.Rnn].TestAccuracy;
}

/// <summary>Sizes of the exercise 9 run for each mode.</summary>
public sealed record RnnClassifierSize(LongRangeTask Task, int TrainExamples, int TestExamples, int Epochs, int BatchSize, int Hidden, double LearningRate = 3e-3)
{
    public static RnnClassifierSize For(RunMode mode) => mode == RunMode.Quick
        ? new(new LongRangeTask(Classes: 4, NoiseTokens: 16, MinLength: 5, MaxLength: 30), 1536, 512, 3, 64, 32, 1e-2)
        : new(new LongRangeTask(Classes: 4, NoiseTokens: 16, MinLength: 20, MaxLength: 200), 20000, 2000, 10, 64, 64, 3e-3);
}

/// <summary>Exercise 9's entry point: train the plain RNN, the GRU and the LSTM on the same long-range task.</summary>
public static class RnnClassifierLesson
{
    public static RnnClassifierResult Train(RunMode mode, IReadOnlyList<RecurrentKind>? kinds = null, int seed = 0) =>
        Train(RnnClassifierSize.For(mode), kinds, seed);

    public static RnnClassifierResult Train(RnnClassifierSize size, IReadOnlyList<RecurrentKind>? kinds = null, int seed = 0)
    {
        var task = size.Task;
        var random = new Random(seed);
        var (trainTokens, trainLengths, trainLabels) = task.Generate(size.TrainExamples, random);
        var (testTokens, testLengths, testLabels) = task.Generate(size.TestExamples, random);
        using var train = SequenceClassification.Dataset(trainTokens, trainLabels, trainLengths, $"synthetic long-range task {task}");
        using var test = SequenceClassification.Dataset(testTokens, testLabels, testLengths, $"synthetic long-range task {task}");

        var runs = new List<RecurrentRun>();
        foreach (var kind in kinds ?? [RecurrentKind.Rnn, RecurrentKind.Gru, RecurrentKind.Lstm])
        {
            Seed.Set(seed);   // same initial randomness and batch order for every kind
            var model = new RecurrentClassifier(kind, task.VocabularySize, 16, size.Hidden, task.Classes).to(Devices.Default);
            var trainer = SequenceClassification.Trainer(model, optim.Adam(model.parameters(), lr: size.LearningRate));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var history = trainer.Fit(new DataLoader(train, size.BatchSize, shuffle: true), new DataLoader(test, 256), size.Epochs);
            clock.Stop();
            var predicted = Predictions.Classes(model, test);
            runs.Add(new RecurrentRun(kind, model, history, history.Last("accuracy") ?? 0, ByLength(task, predicted, testLabels, testLengths), clock.Elapsed));
        }
        return new RnnClassifierResult(task, runs);
    }

    /// <summary>Test accuracy in four length buckets: the longer the distance to the signal, the harder for a plain RNN.</summary>
    static IReadOnlyList<(int, int, double)> ByLength(LongRangeTask task, long[] predicted, Tensor labels, Tensor lengths)
    {
        var y = labels.data<long>().ToArray();
        var len = lengths.data<long>().ToArray();
        var width = (task.MaxLength - task.MinLength + 1 + 3) / 4;
        var buckets = new List<(int, int, double)>();
        for (var low = task.MinLength; low <= task.MaxLength; low += width)
        {
            var high = Math.Min(low + width - 1, task.MaxLength);
            var rows = Enumerable.Range(0, y.Length).Where(i => len[i] >= low && len[i] <= high).ToArray();
            if (rows.Length > 0) buckets.Add((low, high, rows.Count(i => predicted[i] == y[i]) / (double)rows.Length));
        }
        return buckets;
    }
}
