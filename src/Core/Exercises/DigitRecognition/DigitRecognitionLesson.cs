using System.Diagnostics;
using NeuralNotebooks.Data;
using NeuralNotebooks.Runtime;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.DigitRecognition;

/// <summary>How big the exercise-18 run is (the 8×8 digits are small, so quick and full differ only in epochs and width).</summary>
public sealed record DigitRecognitionSettings(int Width, int Epochs, int BatchSize, double LearningRate, double TestFraction = 0.2, int Seed = 0)
{
    public static DigitRecognitionSettings For(RunMode mode) => mode == RunMode.Full
        ? new(Width: 32, Epochs: 40, BatchSize: 32, LearningRate: 3e-3)
        : new(Width: 16, Epochs: 8, BatchSize: 32, LearningRate: 5e-3);
}

/// <summary>A test image the model got wrong.</summary>
public sealed record Misclassified(Tensor Image, int Actual, int Predicted);

public sealed record DigitRecognitionResult(
    DigitCnn Model,
    TrainingHistory History,
    double TestAccuracy,
    int TrainCount,
    int TestCount,
    IReadOnlyList<Misclassified> Mistakes,
    long[,] ConfusionMatrix,
    DigitRecognitionSettings Settings,
    TimeSpan Elapsed);

/// <summary>Exercise 18 end to end on the offline 8×8 digits: seeded 80/20 split, <see cref="DigitCnn"/>, Core trainer, the mistakes.</summary>
public static class DigitRecognitionLesson
{
    public static DigitRecognitionResult Train(RunMode mode) => Train(DigitRecognitionSettings.For(mode));

    public static DigitRecognitionResult Train(DigitRecognitionSettings settings)
    {
        var clock = Stopwatch.StartNew();
        Seed.Set(settings.Seed);
        using var digits = Digits.Load();
        var split = digits.Split(validation: settings.TestFraction, seed: settings.Seed);
        using var train = split.Train;
        using var test = split.Validation;   // held out: never trained on, never used to choose anything
        split.Test.Dispose();
        return Fit(train, test, imageSize: 8, settings, clock);
    }

    /// <summary>
    /// The same model code on 28×28 MNIST, downloaded once through Core (needs a network the first time;
    /// throws Core's download error offline). <paramref name="limit"/> caps both parts.
    /// </summary>
    public static DigitRecognitionResult TrainOnMnist(DigitRecognitionSettings settings, int? limit = null)
    {
        var clock = Stopwatch.StartNew();
        Seed.Set(settings.Seed);
        var mnist = Mnist.Load(limit, download: true);
        using var train = mnist.Train;
        using var test = mnist.Test;
        return Fit(train, test, imageSize: 28, settings, clock);
    }

    static DigitRecognitionResult Fit(TensorDataset train, TensorDataset test, int imageSize, DigitRecognitionSettings settings, Stopwatch clock)
    {
        var model = new DigitCnn(imageSize, settings.Width).to(Devices.Default);
        var history = VisionData.FitClassifier(model, train, test, settings.Epochs, settings.BatchSize, settings.LearningRate, settings.Seed);

        var predicted = Predictions.Classes(model, test);
        var accuracy = Metrics.Accuracy(predicted, test.Targets);
        var actual = test.Targets.data<long>().ToArray();
        var guesses = predicted;
        var mistakes = Enumerable.Range(0, actual.Length)
            .Where(i => actual[i] != guesses[i])
            .Select(i => new Misclassified(test.Inputs[i, 0].clone().DetachFromDisposeScope(), (int)actual[i], (int)guesses[i]))
            .ToArray();
        var confusion = Metrics.ConfusionMatrix(predicted, test.Targets, 10);
        return new DigitRecognitionResult(model, history, accuracy, (int)train.Count, (int)test.Count, mistakes, confusion, settings, clock.Elapsed);
    }
}
