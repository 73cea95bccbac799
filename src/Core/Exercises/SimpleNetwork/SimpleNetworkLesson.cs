using NeuralNotebooks.Display;
using System.Diagnostics;
using NeuralNotebooks.Data;
using NeuralNotebooks.Runtime;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.SimpleNetwork;

/// <summary>How long exercise 1 trains (tiny either way; full mode only trains longer).</summary>
public sealed record SimpleNetworkSettings(int Hidden, double LearningRate, int XorSteps, int MoonPoints, double MoonNoise, int Epochs, int BatchSize, int Seed = 0)
{
    public static SimpleNetworkSettings For(RunMode mode) => mode == RunMode.Full
        ? new(Hidden: 16, LearningRate: 0.5, XorSteps: 3000, MoonPoints: 1000, MoonNoise: 0.2, Epochs: 200, BatchSize: 32)
        : new(Hidden: 16, LearningRate: 0.5, XorSteps: 1500, MoonPoints: 400, MoonNoise: 0.2, Epochs: 100, BatchSize: 32);
}

public sealed record SimpleNetworkResult(
    IReadOnlyList<GradientComparison> GradientCheck,
    ScratchMlp XorNetwork,
    IReadOnlyList<double> XorLosses,
    double XorAccuracy,
    PointCloud MoonsTrain,
    PointCloud MoonsTest,
    ScratchMlp Scratch,
    MlpClassifier Torch,
    TrainingHistory ScratchHistory,
    TrainingHistory TorchHistory,
    double ScratchTestAccuracy,
    double TorchTestAccuracy,
    SimpleNetworkSettings Settings,
    TimeSpan Elapsed)
{
    /// <summary>The largest difference between the two versions' per-step training losses.</summary>
    public double MaxLossDifference =>
        ScratchHistory.StepSeries("loss").Zip(TorchHistory.StepSeries("loss"), (a, b) => Math.Abs(a.Value - b.Value)).DefaultIfEmpty(double.NaN).Max();

    /// <summary>The two versions' training loss per step in one chart (they lie on top of each other).</summary>
    public Display.Picture LossChart() => ComparisonChart.Of("two moons: training loss per step", "step",
        ("hand-written backward", ScratchHistory.StepSeries("loss")), ("torch.nn + autograd", TorchHistory.StepSeries("loss")));
}

/// <summary>
/// Exercise 1 end to end: check the hand-written gradients against autograd, learn XOR, then train the
/// scratch network and the torch.nn network from the SAME initial weights on the same two-moons batches
/// with the same SGD — their loss curves coincide, because they compute the same thing.
/// </summary>
public static class SimpleNetworkLesson
{
    public static SimpleNetworkResult Train(RunMode mode) => Train(SimpleNetworkSettings.For(mode));

    public static SimpleNetworkResult Train(SimpleNetworkSettings settings)
    {
        var clock = Stopwatch.StartNew();
        Seed.Set(settings.Seed);
        var device = Devices.Default;
        var moonsTrain = ToyData.TwoMoons(settings.MoonPoints, settings.MoonNoise, seed: settings.Seed);
        var moonsTest = ToyData.TwoMoons(settings.MoonPoints, settings.MoonNoise, seed: settings.Seed + 1);

        IReadOnlyList<GradientComparison> check;
        using (var probe = ScratchMlp.Create(2, settings.Hidden, 2))
            check = GradientCheck.Compare(probe, moonsTrain.Features, moonsTrain.Labels);

        var (xorNetwork, xorLosses, xorAccuracy) = LearnXor(settings, device);

        var torchModel = new MlpClassifier(2, settings.Hidden, 2).to(device);
        var scratch = ScratchMlp.CopyOf(torchModel);
        using var train = new TensorDataset([moonsTrain.Features, moonsTrain.Labels], "two moons (generated)");
        using var test = new TensorDataset([moonsTest.Features, moonsTest.Labels], "two moons (generated, another seed)");

        var scratchTrainer = new Trainer(
            batch =>
            {
                var forward = scratch.Forward(batch.Input);
                var measured = Measure(scratch, forward, batch);
                scratch.Step(scratch.Backward(batch.Input, forward, batch.Target), settings.LearningRate);
                return measured;
            },
            evaluate: batch => Measure(scratch, scratch.Forward(batch.Input), batch));
        var scratchHistory = scratchTrainer.Fit(Loader(train, settings, device), new DataLoader(test, 1000, device: device), settings.Epochs);

        var torchTrainer = new Trainer(torchModel, nn.CrossEntropyLoss(), optim.SGD(torchModel.parameters(), settings.LearningRate),
            new TrainerOptions { Metrics = [Metric.Accuracy] });
        var torchHistory = torchTrainer.Fit(Loader(train, settings, device), new DataLoader(test, 1000, device: device), settings.Epochs);

        return new SimpleNetworkResult(check, xorNetwork, xorLosses, xorAccuracy, moonsTrain, moonsTest, scratch, torchModel,
            scratchHistory, torchHistory,
            scratchHistory.Last("accuracy") ?? double.NaN, torchHistory.Last("accuracy") ?? double.NaN,
            settings, clock.Elapsed);
    }

    // Both versions get a loader with the same seed, so they see the same batches in the same order.
    static DataLoader Loader(TensorDataset train, SimpleNetworkSettings settings, Device device) =>
        new(train, settings.BatchSize, shuffle: true, seed: settings.Seed, device: device);

    static IReadOnlyDictionary<string, double> Measure(ScratchMlp net, MlpActivations forward, Batch batch) => new Dictionary<string, double>
    {
        ["loss"] = net.Loss(forward, batch.Target).ToDouble(),
        ["accuracy"] = Metrics.Accuracy(forward.Logits, batch.Target),
    };

    static (ScratchMlp, IReadOnlyList<double>, double) LearnXor(SimpleNetworkSettings settings, Device device)
    {
        var xor = ToyData.Xor();
        var x = xor.Features.to(device);
        var y = xor.Labels.to(device);
        var net = ScratchMlp.Create(2, settings.Hidden, 2, device: device);
        var losses = new List<double>(settings.XorSteps);
        for (var step = 0; step < settings.XorSteps; step++)
            losses.Add(net.TrainStep(x, y, learningRate: 1.0));   // 4 points, full batch: a large step is stable
        var accuracy = net.Predict(x).eq(y).to(ScalarType.Float64).mean().ToDouble();
        return (net, losses, accuracy);
    }

    /// <summary>
    /// P(class 1) on a resolution×resolution grid over the given box, as a (resolution, resolution) CPU tensor whose
    /// first row is the top (largest y) — a picture of the decision boundary.
    /// </summary>
    public static Tensor ProbabilityGrid(Func<Tensor, Tensor> probabilityOfClass1, (double Min, double Max) x, (double Min, double Max) y, int resolution = 60)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var xs = torch.linspace(x.Min, x.Max, resolution);
        var ys = torch.linspace(y.Max, y.Min, resolution);
        var grid = torch.meshgrid([ys, xs], indexing: "ij");                        // (R, R) each
        var points = torch.stack([grid[1].flatten(), grid[0].flatten()], dim: 1);   // (R², 2) as (x, y)
        var p = probabilityOfClass1(points.to(Devices.Default));                    // (R²)
        return p.cpu().reshape(resolution, resolution).MoveToOuterDisposeScope();
    }
}
