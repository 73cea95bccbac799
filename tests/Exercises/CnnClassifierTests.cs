using NeuralNotebooks.Data;
using NeuralNotebooks.Exercises.CnnClassifier;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Tests.Exercises;

public class CnnClassifierTests
{
    [Fact]
    public void Fashion_cnn_gives_ten_logits_per_image()
    {
        torch.manual_seed(0);
        using var model = new FashionCnn(width: 4, hidden: 16);
        Assert.Equal(new long[] { 3, 10 }, model.call(torch.randn(3, 1, 28, 28)).shape);
    }

    [Fact]
    public void Every_parameter_gets_a_gradient()
    {
        torch.manual_seed(1);
        using var model = new FashionCnn(width: 4, hidden: 16);
        var (x, y) = ModelTestKit.TinyImages(6, 28);
        ModelTestKit.AssertEveryParameterGetsGradient(model, x, y);
    }

    [Fact]
    public void A_few_steps_on_tiny_data_lower_the_loss()
    {
        torch.manual_seed(2);
        using var model = new FashionCnn(width: 4, hidden: 16, dropout: 0);
        var (x, y) = ModelTestKit.TinyImages(20, 28);
        var (first, last) = ModelTestKit.TrainClassifier(model, x, y, steps: 25);
        Assert.True(last < first * 0.7, $"loss went from {first:F3} to {last:F3}");
    }

    [Fact]
    public void Dropout_and_batchnorm_are_deterministic_in_eval_mode()
    {
        torch.manual_seed(3);
        using var model = new FashionCnn(width: 4, hidden: 16);
        var x = torch.randn(4, 1, 28, 28);
        model.train();
        using (torch.no_grad()) Assert.False(model.call(x).equal(model.call(x)).all().item<bool>(), "dropout is random in training mode");
        model.eval();
        using (torch.no_grad()) Assert.True(model.call(x).equal(model.call(x)).all().item<bool>());
    }

    [Fact]
    public void Conv_layers_before_batchnorm_have_no_bias()
    {
        using var model = new FashionCnn(width: 4, hidden: 16);
        var convBiases = model.named_parameters().Where(p => p.name.Contains("conv.bias"));
        Assert.Empty(convBiases);
    }

    [Fact]
    public void Wrong_image_shape_names_the_expected_shape()
    {
        using var model = new FashionCnn(width: 4, hidden: 16);
        var error = Assert.Throws<ArgumentException>(() => model.call(torch.zeros(2, 3, 28, 28)));
        Assert.Contains("expected input of shape [N, 1, 28, 28], got [2, 3, 28, 28]", error.Message);
    }

    [Fact]
    public void On_real_images_a_tiny_run_beats_the_nearest_class_mean_baseline()
    {
        // The exercise's claim at tiny size: a few Adam steps of a 4-channel CNN on 1,000 Fashion-MNIST images beat
        // the nearest class-mean template (in pixel space) fitted to the same images, on 500 held-out test images.
        torch.manual_seed(4);
        var data = FashionMnist.Load(trainImages: 1_000, testImages: 500);
        using var model = new FashionCnn(width: 4, hidden: 32, dropout: 0.1);
        ModelTestKit.TrainClassifier(model, data.Train.Inputs, data.Train.Targets, steps: 40, learningRate: 1e-2);
        model.eval();
        using var _ = torch.no_grad();
        var cnnAccuracy = model.call(data.Test.Inputs).argmax(1).eq(data.Test.Targets).to(float32).mean().item<float>();

        var pixels = data.Train.Inputs.flatten(1);                                                     // (1000, 784)
        var means = torch.stack(Enumerable.Range(0, 10).Select(c => pixels[data.Train.Targets.eq(c)].mean([0])));   // (10, 784)
        var nearest = torch.cdist(data.Test.Inputs.flatten(1), means).argmin(1);
        var baselineAccuracy = nearest.eq(data.Test.Targets).to(float32).mean().item<float>();

        Assert.True(cnnAccuracy > baselineAccuracy + 0.03, $"CNN {cnnAccuracy:P1} vs nearest class mean {baselineAccuracy:P1}");
    }
}
