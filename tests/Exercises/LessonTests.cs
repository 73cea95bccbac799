using NeuralNotebooks.Exercises.ConvFromScratch;
using NeuralNotebooks.Exercises.DigitRecognition;
using NeuralNotebooks.Exercises.SimpleNetwork;

namespace NeuralNotebooks.Tests.Exercises;

/// <summary>The lesson entry points the notebooks call, at tiny sizes.</summary>
public class LessonTests
{
    [Fact]
    public void Scratch_and_torch_networks_trained_alike_have_the_same_loss_curve()
    {
        var result = SimpleNetworkLesson.Train(new SimpleNetworkSettings(Hidden: 8, LearningRate: 0.5, XorSteps: 300, MoonPoints: 64, MoonNoise: 0.2, Epochs: 3, BatchSize: 16));

        Assert.Equal(12, result.ScratchHistory.StepSeries("loss").Count);
        Assert.True(result.MaxLossDifference < 1e-5, $"loss curves differ by {result.MaxLossDifference:E2}");
        Assert.All(result.GradientCheck, c => Assert.True(c.RelativeError < 1e-6));
    }

    [Fact]
    public void Conv_and_pool_from_scratch_agree_with_torch_in_float64()
    {
        var checks = ConvFromScratchLesson.CompareWithTorch();
        Assert.Equal(6, checks.Count);
        Assert.All(checks, c => Assert.True(c.Max < 1e-10, $"{c.Case}: {c.Max:E2}"));
    }

    [Fact]
    public void Digit_lesson_beats_chance_in_a_few_epochs_and_lists_its_mistakes()
    {
        var result = DigitRecognitionLesson.Train(new DigitRecognitionSettings(Width: 8, Epochs: 3, BatchSize: 64, LearningRate: 1e-2));

        Assert.Equal(1797, result.TrainCount + result.TestCount);
        Assert.True(result.TestAccuracy > 0.5, $"test accuracy {result.TestAccuracy:P1}");
        Assert.Equal((int)Math.Round((1 - result.TestAccuracy) * result.TestCount), result.Mistakes.Count);
        Assert.All(result.Mistakes, m => Assert.NotEqual(m.Actual, m.Predicted));
        Assert.Equal(new long[] { 8, 8 }, result.Mistakes.FirstOrDefault()?.Image.shape ?? [8, 8]);
    }
}
