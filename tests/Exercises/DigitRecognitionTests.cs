using NeuralNotebooks.Exercises.DigitRecognition;
using NeuralNotebooks.Data;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Tests.Exercises;

public class DigitRecognitionTests
{
    [Theory]
    [InlineData(8)]
    [InlineData(28)]
    public void Digit_cnn_gives_ten_logits_for_its_image_size(int size)
    {
        torch.manual_seed(0);
        using var model = new DigitCnn(size, width: 4);
        Assert.Equal(new long[] { 2, 10 }, model.call(torch.randn(2, 1, size, size)).shape);
    }

    [Fact]
    public void Every_parameter_gets_a_gradient()
    {
        torch.manual_seed(1);
        using var model = new DigitCnn(8, width: 4);
        var (x, y) = ModelTestKit.TinyImages(6, 8);
        ModelTestKit.AssertEveryParameterGetsGradient(model, x, y);
    }

    [Fact]
    public void A_few_steps_on_tiny_data_lower_the_loss()
    {
        torch.manual_seed(2);
        using var model = new DigitCnn(8, width: 8, dropoutRate: 0);
        var (x, y) = ModelTestKit.TinyImages(20, 8);
        var (first, last) = ModelTestKit.TrainClassifier(model, x, y, steps: 30);
        Assert.True(last < first * 0.7, $"loss went from {first:F3} to {last:F3}");
    }

    [Fact]
    public void A_short_training_reads_unseen_digits_far_better_than_the_majority_class()
    {
        var split = Digits.LoadOrFallback(0).Split(validation: 0.5, seed: 0);
        var (x, y) = (split.Train.Inputs[..400], split.Train.Targets[..400]);
        torch.manual_seed(3);
        using var model = new DigitCnn(8, width: 8);
        ModelTestKit.TrainClassifier(model, x, y, steps: 60);
        model.eval();
        using var _ = no_grad();
        var accuracy = Metrics.Accuracy(model.call(split.Validation.Inputs), split.Validation.Targets);
        var majority = y.bincount(null).argmax().item<long>();
        var majorityAccuracy = split.Validation.Targets.eq(majority).to_type(float32).mean().item<float>();
        Assert.True(accuracy >= 0.85 && accuracy >= majorityAccuracy + 0.6, $"CNN {accuracy:P1}, majority class {majorityAccuracy:P1}");
    }

    [Fact]
    public void Wrong_image_size_names_the_expected_shape()
    {
        using var model = new DigitCnn(8, width: 4);
        var error = Assert.Throws<ArgumentException>(() => model.call(torch.zeros(2, 1, 28, 28)));
        Assert.Contains("expected input of shape [N, 1, 8, 8], got [2, 1, 28, 28]", error.Message);
    }

    [Fact]
    public void Image_size_must_survive_two_poolings()
    {
        var error = Assert.Throws<ArgumentException>(() => new DigitCnn(10));
        Assert.Contains("multiple of 4", error.Message);
    }
}
