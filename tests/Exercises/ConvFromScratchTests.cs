using NeuralNotebooks.Exercises.ConvFromScratch;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace NeuralNotebooks.Tests.Exercises;

public class ConvFromScratchTests
{
    const double Tolerance = 1e-5;

    static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        var error = (expected - actual).abs().max().ToDouble();
        Assert.True(error < Tolerance, $"{what}: max difference {error:E2}");
    }

    [Theory]
    [InlineData(1, 1, 3, 1, 0)]   // one channel, valid
    [InlineData(3, 4, 3, 1, 1)]   // multi-channel, same padding
    [InlineData(3, 5, 3, 2, 1)]   // stride 2
    [InlineData(2, 3, 5, 2, 2)]   // bigger kernel
    [InlineData(4, 2, 1, 1, 0)]   // 1×1
    public void Conv2d_matches_torch_in_values_and_gradients(int inChannels, int outChannels, int kernel, int stride, int padding)
    {
        torch.manual_seed(inChannels * 100 + outChannels * 10 + kernel);
        var x = torch.randn(2, inChannels, 9, 8, requires_grad: true);
        var w = torch.randn(outChannels, inChannels, kernel, kernel, requires_grad: true);
        var b = torch.randn(outChannels, requires_grad: true);
        var upstream = torch.randn(F.conv2d(x, w, b, strides: [stride], padding: [padding]).shape);

        var reference = F.conv2d(x, w, b, strides: [stride], padding: [padding]);
        var (dx, dw, db) = Gradients(reference, upstream, x, w, b);
        var ours = ScratchConvolution.Conv2d(x, w, b, stride, padding);
        var (ox, ow, ob) = Gradients(ours, upstream, x, w, b);

        AssertClose(reference, ours, "output");
        AssertClose(dx, ox, "d input");
        AssertClose(dw, ow, "d weight");
        AssertClose(db, ob, "d bias");

        // The hand-written backward (col2im) gives the same gradients as autograd.
        var manual = ScratchConvolution.Conv2dBackward(x.detach(), w.detach(), upstream, stride, padding);
        AssertClose(dx, manual.Input, "hand d input");
        AssertClose(dw, manual.Weight, "hand d weight");
        AssertClose(db, manual.Bias, "hand d bias");
    }

    static (Tensor, Tensor, Tensor) Gradients(Tensor output, Tensor upstream, Tensor x, Tensor w, Tensor b)
    {
        var grads = torch.autograd.grad([output], [x, w, b], [upstream]);
        return (grads[0], grads[1], grads[2]);
    }

    [Theory]
    [InlineData(2, null, 0)]
    [InlineData(3, 2, 0)]   // overlapping windows
    [InlineData(3, 2, 1)]   // padding: padded cells must never win
    [InlineData(2, 1, 1)]
    public void MaxPool2d_matches_torch_in_values_and_gradients(int kernel, int? stride, int padding)
    {
        torch.manual_seed(kernel * 10 + padding);
        var x = torch.randn(2, 3, 7, 6, requires_grad: true) - 3;   // mostly negative: zero padding would be wrong
        var reference = F.max_pool2d(x, [kernel], strides: [stride ?? kernel], padding: [padding]);
        var ours = ScratchConvolution.MaxPool2d(x, kernel, stride, padding);
        var upstream = torch.randn(reference.shape);

        AssertClose(reference, ours, "output");
        var dReference = torch.autograd.grad([reference], [x], [upstream])[0];
        var dOurs = torch.autograd.grad([ours], [x], [upstream])[0];
        AssertClose(dReference, dOurs, "d input");
    }

    [Fact]
    public void Scratch_layers_match_torch_layers_with_the_same_weights()
    {
        torch.manual_seed(5);
        using var ours = new ScratchConv2d(3, 6, kernelSize: 3, stride: 2, padding: 1);
        using var theirs = nn.Conv2d(3, 6, 3, stride: 2, padding: 1);
        using (torch.no_grad())
        {
            theirs.weight!.copy_(ours.Weight);
            theirs.bias!.copy_(ours.Bias);
        }
        var x = torch.randn(4, 3, 12, 12);
        AssertClose(theirs.call(x), ours.call(x), "conv layer");
        AssertClose(nn.MaxPool2d(2).call(x), new ScratchMaxPool2d(2).call(x), "pool layer");
    }

    [Fact]
    public void Scratch_cnn_gives_ten_logits_and_every_parameter_gets_a_gradient()
    {
        torch.manual_seed(6);
        using var model = new ScratchCnn(width: 4);
        var (x, y) = ModelTestKit.TinyImages(5, 28);
        Assert.Equal(new long[] { 5, 10 }, model.call(x).shape);
        ModelTestKit.AssertEveryParameterGetsGradient(model, x, y);
    }

    [Fact]
    public void Scratch_cnn_lowers_the_loss_in_a_few_steps()
    {
        torch.manual_seed(7);
        using var model = new ScratchCnn(width: 4);
        var (x, y) = ModelTestKit.TinyImages(20, 28);
        var (first, last) = ModelTestKit.TrainClassifier(model, x, y, steps: 25);
        Assert.True(last < first * 0.7, $"loss went from {first:F3} to {last:F3}");
    }

    [Fact]
    public void Scratch_cnn_tells_bar_orientation_at_unseen_positions_where_a_linear_model_cannot()
    {
        var (x, y) = Bars(64, new Random(1));
        var (unseenX, unseenY) = Bars(64, new Random(2));
        torch.manual_seed(7);
        using var cnn = new ScratchCnn(width: 4, classes: 2);
        ModelTestKit.TrainClassifier(cnn, x, y, steps: 40);
        using var linear = nn.Sequential(("flatten", nn.Flatten()), ("fc", nn.Linear(28 * 28, 2)));
        ModelTestKit.TrainClassifier(linear, x, y, steps: 40);

        cnn.eval();
        linear.eval();
        using var _ = no_grad();
        var cnnAccuracy = Metrics.Accuracy(cnn.call(unseenX), unseenY);
        var linearAccuracy = Metrics.Accuracy(linear.call(unseenX), unseenY);
        Assert.True(cnnAccuracy >= 0.75 && cnnAccuracy >= linearAccuracy + 0.3, $"CNN {cnnAccuracy:P0}, linear {linearAccuracy:P0}");
    }

    /// <summary>28×28 images of one bar, 8 pixels long, horizontal (label 0) or vertical (label 1), anywhere on the image.</summary>
    static (Tensor Images, Tensor Labels) Bars(int count, Random random)
    {
        var images = zeros(count, 1, 28, 28);
        var labels = new long[count];
        for (var n = 0; n < count; n++)
        {
            labels[n] = random.Next(2);
            int row = random.Next(labels[n] == 0 ? 28 : 21), col = random.Next(labels[n] == 0 ? 21 : 28);
            if (labels[n] == 0) images[n, 0, row, col..(col + 8)] = ones(8);
            else images[n, 0, row..(row + 8), col] = ones(8);
        }
        return (images, tensor(labels));
    }

    [Fact]
    public void Wrong_channel_count_names_the_expected_shape()
    {
        var error = Assert.Throws<ArgumentException>(() => ScratchConvolution.Conv2d(torch.zeros(1, 2, 5, 5), torch.zeros(4, 3, 3, 3)));
        Assert.Contains("expected input of shape [N, 3, H, W], got [1, 2, 5, 5]", error.Message);

        using var model = new ScratchCnn(width: 4);
        error = Assert.Throws<ArgumentException>(() => model.call(torch.zeros(3, 28, 28)));
        Assert.Contains("expected input of shape [N, 1, 28, 28], got [3, 28, 28]", error.Message);
    }

    [Fact]
    public void A_kernel_larger_than_the_image_is_rejected_clearly()
    {
        var error = Assert.Throws<ArgumentException>(() => ScratchConvolution.Conv2d(torch.zeros(1, 1, 2, 2), torch.zeros(1, 1, 3, 3)));
        Assert.Contains("does not fit", error.Message);
    }

    [Fact]
    public void Conv_and_pool_from_scratch_agree_with_torch_in_float64()
    {
        var agreement = ConvolutionCheck.AgainstTorch();

        Assert.Equal(4 * 7 + 2 * 2, agreement.Rows.Count);
        Assert.True(agreement.Within(1e-10), agreement.ToString());
    }
}
