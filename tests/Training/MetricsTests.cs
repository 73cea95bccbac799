using NeuralNotebooks.Training;
using TorchSharp;

namespace NeuralNotebooks.Tests.Training;

public class MetricsTests
{
    [Fact]
    public void Accuracy_uses_the_arg_max_class_or_thresholds_binary_logits()
    {
        using var scores = torch.tensor(new float[] { 2, 1, 0, 0, 3, 1, 5, 0, 0, 0, 0, 9 }).reshape(4, 3);
        using var targets = torch.tensor(new long[] { 0, 1, 1, 2 });
        Assert.Equal(0.75, Metrics.Accuracy(scores, targets), 12);
        using var logits = torch.tensor(new float[] { 1.5f, -2, 0.1f, -0.1f });
        using var labels = torch.tensor(new float[] { 1, 0, 0, 0 });
        Assert.Equal(0.75, Metrics.Accuracy(logits, labels), 12);
        Assert.Contains("got scores [4, 3] and targets [2, 2]", Assert.Throws<ArgumentException>(() => Metrics.Accuracy(scores, torch.zeros(2, 2))).Message);
    }

    [Fact]
    public void Confusion_matrix_counts_actual_by_predicted()
    {
        using var predicted = torch.tensor(new long[] { 0, 1, 1, 2, 2, 2 });
        using var actual = torch.tensor(new long[] { 0, 1, 2, 2, 2, 0 });
        Assert.Equal(new long[,] { { 1, 0, 1 }, { 0, 1, 0 }, { 0, 1, 2 } }, Metrics.ConfusionMatrix(predicted, actual, 3));
        Assert.Contains("Class out of range 0..1", Assert.Throws<ArgumentException>(() => Metrics.ConfusionMatrix(predicted, actual, 2)).Message);
    }

    [Fact]
    public void Balanced_accuracy_gives_a_majority_guesser_one_half()
    {
        Assert.Equal(0.5, Metrics.BalancedAccuracy(new long[,] { { 75, 0 }, { 25, 0 } }));
        Assert.Equal((0.8 + 0.6) / 2, Metrics.BalancedAccuracy(new long[,] { { 8, 2 }, { 4, 6 } }), 12);
    }

    [Fact]
    public void Majority_share_is_the_largest_class_over_all()
    {
        Assert.Equal(0.75, Metrics.MajorityShare(new long[,] { { 75, 0 }, { 25, 0 } }), 12);
        Assert.Equal(0.6, Metrics.MajorityShare(new long[,] { { 1, 3 }, { 5, 1 } }), 12);
    }

    [Fact]
    public void Psnr_is_ten_log10_of_peak_squared_over_mse()
    {
        using var target = torch.zeros(1, 1, 4, 4);
        using var output = torch.full(1, 1, 4, 4, 0.1f);     // MSE 0.01 → 20 dB
        Assert.Equal(20.0, Metrics.Psnr(output, target), 4);
        Assert.Equal(double.PositiveInfinity, Metrics.Psnr(target, target));
        Assert.Equal(20.0 + 20 * Math.Log10(255), Metrics.Psnr(output, target, maxValue: 255), 4);
    }
}
