using System.Diagnostics;
using NeuralNotebooks.Data;
using NeuralNotebooks.Runtime;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace NeuralNotebooks.Exercises.ConvFromScratch;

/// <summary>Largest absolute differences between the from-scratch operation and torch's, for one configuration.</summary>
public sealed record OperationCheck(string Case, double Output, double InputGradient, double WeightGradient, double HandWrittenBackward)
{
    public double Max => new[] { Output, InputGradient, WeightGradient, HandWrittenBackward }.Where(v => !double.IsNaN(v)).Max();
}

/// <summary>How big the exercise-2 training run is.</summary>
public sealed record ConvFromScratchSettings(int TrainImages, int TestImages, int Width, int Epochs, int BatchSize, double LearningRate, int Seed = 0)
{
    public static ConvFromScratchSettings For(RunMode mode) => mode == RunMode.Full
        ? new(TrainImages: 60_000, TestImages: 10_000, Width: 16, Epochs: 5, BatchSize: 128, LearningRate: 2e-3)
        : new(TrainImages: 4_000, TestImages: 1_000, Width: 8, Epochs: 2, BatchSize: 64, LearningRate: 3e-3);
}

public sealed record ConvFromScratchResult(
    IReadOnlyList<OperationCheck> Checks,
    ScratchCnn Model,
    TrainingHistory History,
    double TestAccuracy,
    ConvFromScratchSettings Settings,
    TimeSpan Elapsed);

/// <summary>Exercise 2 end to end: prove the operations equal torch's, then train a CNN made of them on Fashion-MNIST.</summary>
public static class ConvFromScratchLesson
{
    public static ConvFromScratchResult Train(RunMode mode) => Train(ConvFromScratchSettings.For(mode));

    public static ConvFromScratchResult Train(ConvFromScratchSettings settings)
    {
        var clock = Stopwatch.StartNew();
        var checks = CompareWithTorch(settings.Seed);

        Seed.Set(settings.Seed);
        var (train, test) = VisionData.FashionMnistParts(settings.TrainImages, settings.TestImages);
        using var _ = train;
        using var __ = test;
        var model = new ScratchCnn(settings.Width).to(Devices.Default);
        var history = VisionData.FitClassifier(model, train, test, settings.Epochs, settings.BatchSize, settings.LearningRate, settings.Seed);
        var accuracy = Metrics.Accuracy(Predictions.Classes(model, test), test.Targets);
        return new ConvFromScratchResult(checks, model, history, accuracy, settings, clock.Elapsed);
    }

    /// <summary>
    /// Runs the from-scratch conv2d and max_pool2d next to torch's on random inputs, in values and gradients,
    /// in float64 so that the differences shown are the algorithms', not float32 rounding of long sums.
    /// </summary>
    public static IReadOnlyList<OperationCheck> CompareWithTorch(int seed = 0)
    {
        torch.manual_seed(seed);
        return
        [
            CheckConv(inChannels: 3, outChannels: 8, kernel: 3, stride: 1, padding: 1),
            CheckConv(inChannels: 3, outChannels: 8, kernel: 3, stride: 2, padding: 1),
            CheckConv(inChannels: 2, outChannels: 4, kernel: 5, stride: 2, padding: 2),
            CheckConv(inChannels: 16, outChannels: 4, kernel: 1, stride: 1, padding: 0),
            CheckPool(kernel: 2, stride: 2, padding: 0),
            CheckPool(kernel: 3, stride: 2, padding: 1),
        ];
    }

    static OperationCheck CheckConv(int inChannels, int outChannels, int kernel, int stride, int padding)
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(4, inChannels, 11, 10, ScalarType.Float64, requires_grad: true);
        var w = torch.randn(outChannels, inChannels, kernel, kernel, ScalarType.Float64, requires_grad: true);
        var b = torch.randn(outChannels, ScalarType.Float64, requires_grad: true);
        var theirs = F.conv2d(x, w, b, strides: [stride], padding: [padding]);
        var ours = ScratchConvolution.Conv2d(x, w, b, stride, padding);
        var upstream = torch.randn_like(theirs);
        var g = torch.autograd.grad([theirs], [x, w, b], [upstream]);
        var o = torch.autograd.grad([ours], [x, w, b], [upstream]);
        var hand = ScratchConvolution.Conv2dBackward(x.detach(), w.detach(), upstream, stride, padding);
        var handError = new[] { MaxDiff(g[0], hand.Input), MaxDiff(g[1], hand.Weight), MaxDiff(g[2], hand.Bias) }.Max();
        return new OperationCheck($"conv2d {inChannels}→{outChannels}, {kernel}×{kernel}, stride {stride}, padding {padding}",
            MaxDiff(theirs, ours), MaxDiff(g[0], o[0]), Math.Max(MaxDiff(g[1], o[1]), MaxDiff(g[2], o[2])), handError);
    }

    static OperationCheck CheckPool(int kernel, int stride, int padding)
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(4, 3, 11, 10, ScalarType.Float64, requires_grad: true);
        var theirs = F.max_pool2d(x, [kernel], strides: [stride], padding: [padding]);
        var ours = ScratchConvolution.MaxPool2d(x, kernel, stride, padding);
        var upstream = torch.randn_like(theirs);
        var g = torch.autograd.grad([theirs], [x], [upstream])[0];
        var o = torch.autograd.grad([ours], [x], [upstream])[0];
        return new OperationCheck($"max_pool2d {kernel}×{kernel}, stride {stride}, padding {padding}",
            MaxDiff(theirs, ours), MaxDiff(g, o), double.NaN, double.NaN);
    }

    static double MaxDiff(Tensor a, Tensor b) => (a - b).abs().max().ToDouble();
}
