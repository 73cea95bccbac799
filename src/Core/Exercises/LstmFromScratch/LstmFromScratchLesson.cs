using NeuralNotebooks.Data;
using NeuralNotebooks.Exercises.RnnClassifier;
using NeuralNotebooks.Runtime;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.LstmFromScratch;

/// <summary>Largest absolute differences between the from-scratch LSTM and torch.nn.LSTM with the same weights.</summary>
public sealed record LstmAgreement(double Output, double FinalState, double Gradient)
{
    public double Worst => Math.Max(Output, Math.Max(FinalState, Gradient));
    public bool Within(double tolerance) => Worst <= tolerance;
}

/// <summary>
/// Sizes of the exercise 3 run for each mode. <c>Downsample</c> 1 reads the 28×28 image as 28 rows of 28
/// pixels; 2 halves it first (14 rows of 14), about four times cheaper.
/// </summary>
public sealed record LstmFromScratchSize(int TrainExamples, int TestExamples, int Epochs, int BatchSize, int Hidden, int Downsample)
{
    public static LstmFromScratchSize For(RunMode mode) => mode == RunMode.Quick
        ? new(8000, 1000, 1, 64, 48, 2)
        : new(60000, 10000, 10, 128, 128, 1);

    public int Side => 28 / Downsample;
}

/// <summary>The from-scratch LSTM trained to classify Fashion-MNIST images read one row per time step.</summary>
public sealed record LstmFromScratchResult(
    LstmAgreement Agreement,
    LstmSequenceClassifier Model,
    TrainingHistory History,
    double TestAccuracy,
    long[,] Confusion,
    IReadOnlyList<string> ClassNames,
    TensorDataset Test,
    string Source);

/// <summary>Exercise 3's entry point: check the LSTM against TorchSharp's, then train a classifier built on it.</summary>
public static class LstmFromScratchLesson
{
    /// <summary>Same weights, same random batch: compares outputs, final (h, c) and every gradient with torch.nn.LSTM.</summary>
    public static LstmAgreement CompareWithTorch(int seed = 0, long inputSize = 5, long hiddenSize = 8, long batch = 3, long time = 12)
    {
        using var scope = NewDisposeScope();
        Seed.Set(seed);
        var reference = nn.LSTM(inputSize, hiddenSize, batchFirst: true);
        var mine = new LstmFromScratch(inputSize, hiddenSize);
        mine.CopyFrom(reference);
        var x = randn(batch, time, inputSize);
        var probe = randn(batch, time, hiddenSize);            // weighs every output differently
        var xMine = x.clone().requires_grad_(true);
        var xReference = x.clone().requires_grad_(true);

        var (o1, h1, c1) = mine.call(xMine, null);
        var (o2, h2, c2) = reference.call(xReference);
        ((o1 * probe).sum() + h1.sum() + c1.pow(2).sum()).backward();
        ((o2 * probe).sum() + h2.sum() + c2.pow(2).sum()).backward();

        var referenceGradients = reference.named_parameters().ToDictionary(p => p.name.Replace("_l0", ""), p => p.parameter.grad!);
        var gradient = mine.named_parameters()
            .Select(p => MaxDifference(p.parameter.grad!, referenceGradients[p.name.Split('.')[^1]]))
            .Append(MaxDifference(xMine.grad!, xReference.grad!))
            .Max();
        return new LstmAgreement(MaxDifference(o1, o2), Math.Max(MaxDifference(h1, h2[0]), MaxDifference(c1, c2[0])), gradient);
    }

    public static LstmFromScratchResult Train(RunMode mode, int seed = 0) => Train(LstmFromScratchSize.For(mode), seed);

    public static LstmFromScratchResult Train(LstmFromScratchSize size, int seed = 0)
    {
        var agreement = CompareWithTorch(seed);
        var images = FashionMnist.Load(limit: Math.Max(size.TrainExamples, size.TestExamples));
        var train = AsRowSequences(images.Train, size.TrainExamples, size.Downsample);
        var test = AsRowSequences(images.Test, size.TestExamples, size.Downsample);

        Seed.Set(seed);
        var model = new LstmSequenceClassifier(inputSize: size.Side, hiddenSize: size.Hidden, classes: images.ClassNames.Count).to(Devices.Default);
        var trainer = new Trainer(model, nn.CrossEntropyLoss(), optim.Adam(model.parameters(), lr: 3e-3),
            new TrainerOptions { Metrics = [Metric.Accuracy], ClipGradNorm = 1.0 });
        var history = trainer.Fit(new DataLoader(train, size.BatchSize, shuffle: true), new DataLoader(test, 500), size.Epochs);

        var predicted = Predictions.Classes(model, test, batch => model.call(batch.Input));
        var confusion = Metrics.ConfusionMatrix(tensor(predicted), test.Targets, images.ClassNames.Count);
        return new LstmFromScratchResult(agreement, model, history, history.Last("accuracy") ?? 0, confusion, images.ClassNames, test, images.Source);
    }

    /// <summary>(N, 1, 28, 28) images → (N, S, S) with S = 28 / downsample: S time steps of S pixels, the image read top to bottom.</summary>
    public static TensorDataset AsRowSequences(TensorDataset images, int count, int downsample = 1)
    {
        using var scope = NewDisposeScope();
        var n = (int)Math.Min(count, images.Count);
        var x = images.Inputs[..n];                                                   // (N, 1, 28, 28)
        if (downsample > 1) x = nn.functional.avg_pool2d(x, downsample);              // (N, 1, S, S)
        return new TensorDataset([x.squeeze(1), images.Targets[..n]], $"{images.Source}, {x.shape[2]} rows as time steps");
    }

    static double MaxDifference(Tensor a, Tensor b) => (a - b).abs().max().item<float>();
}
