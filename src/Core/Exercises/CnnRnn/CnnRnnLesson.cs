using NeuralNotebooks.Data;
using NeuralNotebooks.Data.Synthetic;
using NeuralNotebooks.Exercises.RnnClassifier;
using NeuralNotebooks.Runtime;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.CnnRnn;

/// <summary>Sizes of the exercise 10 run for each mode.</summary>
public sealed record CnnRnnSize(int TrainClips, int TestClips, int Frames, int Canvas, int Epochs, int BatchSize)
{
    public static CnnRnnSize For(RunMode mode) => mode == RunMode.Quick
        ? new(1200, 400, 8, 16, 1, 32)
        : new(20000, 2000, 12, 24, 10, 64);
}

/// <summary>The trained CNN + LSTM and what it reached on unseen clips.</summary>
public sealed record CnnRnnResult(
    CnnLstmClassifier Model,
    TrainingHistory History,
    double TestAccuracy,
    long[,] Confusion,
    IReadOnlyList<string> Directions,
    TensorDataset Test,
    string Source);

/// <summary>
/// Exercise 10's entry point: clips of real 8×8 digits (scikit-learn's digits) sliding across a canvas;
/// the CNN + LSTM learns which way each digit moves — something no single frame shows. Train and test
/// clips are built from disjoint halves of the digit images, so the test digits are unseen.
/// </summary>
public static class CnnRnnLesson
{
    public static CnnRnnResult Train(RunMode mode, int seed = 0) => Train(CnnRnnSize.For(mode), seed);

    public static CnnRnnResult Train(CnnRnnSize size, int seed = 0)
    {
        using var digits = Digits.LoadOrFallback(seed);
        var halves = digits.Split(validation: 0.5, seed: seed);
        using var train = MovingDigits.Generate(halves.Train, size.TrainClips, seed, size.Frames, size.Canvas);
        var test = MovingDigits.Generate(halves.Validation, size.TestClips, seed + 1, size.Frames, size.Canvas);
        foreach (var part in new[] { halves.Train, halves.Validation, halves.Test }) part.Dispose();

        Seed.Set(seed);
        var model = new CnnLstmClassifier(channels: 1, classes: MovingDigits.Directions.Count).to(Devices.Default);
        var trainer = new Trainer(model, nn.CrossEntropyLoss(), optim.Adam(model.parameters(), lr: 3e-3),
            new TrainerOptions { Metrics = [Metric.Accuracy], ClipGradNorm = 1.0 });
        var history = trainer.Fit(new DataLoader(train, size.BatchSize, shuffle: true), new DataLoader(test, 200), size.Epochs);

        var predicted = Predictions.Classes(model, test, batch => model.call(batch.Input));
        var confusion = Metrics.ConfusionMatrix(tensor(predicted), test.Targets, MovingDigits.Directions.Count);
        return new CnnRnnResult(model, history, history.Last("accuracy") ?? 0, confusion, MovingDigits.Directions, test, test.Source);
    }
}
