using NeuralNotebooks.Display;
using System.Diagnostics;
using NeuralNotebooks.Data;
using NeuralNotebooks.Runtime;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.ResNet;

/// <summary>How big the exercise-19 comparison is: depth 6·BlocksPerStage + 2, trained on Fashion-MNIST.</summary>
/// <remarks>Quick mode halves the images to 14×14 (2×2 average) so a 32-layer net fits in seconds on a CPU.</remarks>
public sealed record ResNetSettings(int BlocksPerStage, int Width, int ImageSize, int TrainImages, int TestImages, int Epochs, int BatchSize, double LearningRate, int Seed = 0)
{
    public int Depth => 6 * BlocksPerStage + 2;

    public static ResNetSettings For(RunMode mode) => mode == RunMode.Full
        ? new(BlocksPerStage: 9, Width: 16, ImageSize: 28, TrainImages: 60_000, TestImages: 10_000, Epochs: 10, BatchSize: 128, LearningRate: 0.05)
        : new(BlocksPerStage: 5, Width: 6, ImageSize: 14, TrainImages: 3_200, TestImages: 1_000, Epochs: 2, BatchSize: 64, LearningRate: 0.05);
}

/// <summary>The two nets of the same depth, each with its curves and test accuracy.</summary>
public sealed record ResNetResult(
    ResNetClassifier Plain,
    ResNetClassifier Residual,
    TrainingHistory PlainHistory,
    TrainingHistory ResidualHistory,
    double PlainTestAccuracy,
    double ResidualTestAccuracy,
    ResNetSettings Settings,
    TimeSpan Elapsed)
{
    /// <summary>Mean training loss over the last epoch (what the optimiser achieved, not generalisation).</summary>
    public double PlainFinalTrainLoss => PlainHistory.Last("loss", Split.Train) ?? double.NaN;
    public double ResidualFinalTrainLoss => ResidualHistory.Last("loss", Split.Train) ?? double.NaN;

    /// <summary>Both nets' training loss per step in one chart.</summary>
    public Display.Picture LossChart() => ComparisonChart.Of($"training loss per step, {Settings.Depth} layers", "step",
        ("plain", PlainHistory.StepSeries("loss")), ("residual", ResidualHistory.StepSeries("loss")));
}

/// <summary>
/// Exercise 19's experiment: a plain net and a ResNet of the same depth, widths and initialisation,
/// trained identically (same data order, optimiser, learning rate, epochs); only the shortcuts differ.
/// </summary>
public static class ResNetLesson
{
    public static ResNetResult Compare(RunMode mode) => Compare(ResNetSettings.For(mode));

    public static ResNetResult Compare(ResNetSettings settings)
    {
        var clock = Stopwatch.StartNew();
        var (fullSizeTrain, fullSizeTest) = VisionData.FashionMnistParts(settings.TrainImages, settings.TestImages);
        using var train = Resized(fullSizeTrain, settings.ImageSize);
        using var test = Resized(fullSizeTest, settings.ImageSize);

        Seed.Set(settings.Seed);
        var plain = new ResNetClassifier(settings.BlocksPerStage, residual: false, settings.Width).to(Devices.Default);
        var residual = new ResNetClassifier(settings.BlocksPerStage, residual: true, settings.Width).to(Devices.Default);
        // Same starting point: every weight the two nets share is copied; only the projections are extra.
        residual.load_state_dict(plain.state_dict(), strict: false);

        var (plainHistory, plainAccuracy) = TrainOne(plain, settings, train, test);
        var (residualHistory, residualAccuracy) = TrainOne(residual, settings, train, test);
        return new ResNetResult(plain, residual, plainHistory, residualHistory, plainAccuracy, residualAccuracy, settings, clock.Elapsed);
    }

    static (TrainingHistory, double) TrainOne(ResNetClassifier model, ResNetSettings settings, TensorDataset train, TensorDataset test)
    {
        var optimizer = optim.SGD(model.parameters(), settings.LearningRate, momentum: 0.9, weight_decay: 1e-4);
        var trainer = new Trainer(model, nn.CrossEntropyLoss(), optimizer, new TrainerOptions { Metrics = [Metric.Accuracy] });
        var history = trainer.Fit(new DataLoader(train, settings.BatchSize, shuffle: true, seed: settings.Seed),
                                  new DataLoader(test, 500), settings.Epochs);
        var accuracy = Metrics.Accuracy(Predictions.Classes(model, test), test.Targets);
        return (history, accuracy);
    }

    static TensorDataset Resized(TensorDataset data, int size)
    {
        if (size == 28) return data;
        if (size != 14) throw new ArgumentException($"image size must be 28 (full) or 14 (quick), got {size}.");
        using var scope = torch.NewDisposeScope();
        var smaller = new TensorDataset([torch.nn.functional.avg_pool2d(data.Inputs, 2), data.Targets.clone()], data.Source + ", averaged to 14x14");
        data.Dispose();
        return smaller;
    }
}
