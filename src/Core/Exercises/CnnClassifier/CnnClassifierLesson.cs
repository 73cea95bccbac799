using System.Diagnostics;
using NeuralNotebooks.Data;
using NeuralNotebooks.Runtime;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.CnnClassifier;

/// <summary>How big the exercise-8 run is. Quick: a subset and a narrower net for two CPU cores; Full: all of Fashion-MNIST.</summary>
public sealed record CnnClassifierSettings(int TrainImages, int TestImages, int Width, int Epochs, int BatchSize, double LearningRate, int Seed = 0)
{
    public static CnnClassifierSettings For(RunMode mode) => mode == RunMode.Full
        ? new(TrainImages: 60_000, TestImages: 10_000, Width: 32, Epochs: 15, BatchSize: 128, LearningRate: 3e-3)
        : new(TrainImages: 5_000, TestImages: 2_000, Width: 8, Epochs: 2, BatchSize: 64, LearningRate: 5e-3);
}

/// <summary>What the exercise-8 run produced: the trained model, its curves, test accuracy and confusion matrix.</summary>
public sealed record CnnClassifierResult(
    FashionCnn Model,
    TrainingHistory History,
    double TestAccuracy,
    long[,] ConfusionMatrix,
    IReadOnlyList<string> Classes,
    CnnClassifierSettings Settings,
    TimeSpan Elapsed);

/// <summary>Exercise 8 end to end: Fashion-MNIST → <see cref="FashionCnn"/> → Core trainer → test accuracy and confusion matrix.</summary>
public static class CnnClassifierLesson
{
    public static CnnClassifierResult Train(RunMode mode) => Train(CnnClassifierSettings.For(mode));

    public static CnnClassifierResult Train(CnnClassifierSettings settings)
    {
        var clock = Stopwatch.StartNew();
        Seed.Set(settings.Seed);
        var (train, test) = VisionData.FashionMnistParts(settings.TrainImages, settings.TestImages);
        using var _ = train;
        using var __ = test;

        var model = new FashionCnn(settings.Width).to(Devices.Default);
        var history = VisionData.FitClassifier(model, train, test, settings.Epochs, settings.BatchSize, settings.LearningRate, settings.Seed);

        var predicted = Predictions.Classes(model, test);
        var accuracy = Metrics.Accuracy(predicted, test.Targets);
        var confusion = Metrics.ConfusionMatrix(predicted, test.Targets, 10);
        return new CnnClassifierResult(model, history, accuracy, confusion, FashionMnist.ClassNames, settings, clock.Elapsed);
    }
}
