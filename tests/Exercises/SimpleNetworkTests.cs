using NeuralNotebooks.Exercises.SimpleNetwork;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Tests.Exercises;

public class SimpleNetworkTests
{
    [Fact]
    public void Hand_written_gradients_match_autograd_in_float64()
    {
        torch.manual_seed(1);
        using var net = ScratchMlp.Create(2, 8, 2);
        var data = ToyData.TwoMoons(64, noise: 0.2, seed: 1);

        var agreement = GradientCheck.Compare(net, data.Features, data.Labels);

        Assert.Equal(["dL/dW1", "dL/db1", "dL/dW2", "dL/db2"], agreement.Rows.Select(r => r.Quantity));
        Assert.True(agreement.Within(1e-12), agreement.ToString());
    }

    [Fact]
    public void Scratch_forward_equals_the_torch_nn_model_with_the_same_weights()
    {
        torch.manual_seed(3);
        using var model = new MlpClassifier(2, 6, 3);
        using var net = ScratchMlp.CopyOf(model);
        var x = torch.randn(10, 2);

        using var _ = torch.no_grad();
        var expected = model.call(x);
        var actual = net.Forward(x).Logits;

        Assert.True(torch.allclose(actual, expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Training_by_hand_follows_autograd_sgd_step_for_step()
    {
        torch.manual_seed(4);
        var data = ToyData.TwoMoons(40, seed: 4);
        using var model = new MlpClassifier(2, 8, 2);
        using var net = ScratchMlp.CopyOf(model);
        using var sgd = optim.SGD(model.parameters(), 0.5);

        for (var step = 0; step < 20; step++)
        {
            var ours = net.TrainStep(data.Features, data.Labels, 0.5);
            sgd.zero_grad();
            var loss = nn.functional.cross_entropy(model.call(data.Features), data.Labels);
            loss.backward();
            sgd.step();
            Assert.Equal(loss.ToDouble(), ours, 4);
        }
    }

    [Fact]
    public void Scratch_network_learns_xor_which_no_linear_model_can()
    {
        torch.manual_seed(0);
        var xor = ToyData.Xor();
        using var net = ScratchMlp.Create(2, 8, 2);

        var first = net.TrainStep(xor.Features, xor.Labels, 1.0);
        var last = first;
        for (var i = 0; i < 1500; i++) last = net.TrainStep(xor.Features, xor.Labels, 1.0);

        Assert.True(last < 0.05 && last < first / 10, $"loss went from {first:F3} to {last:F3}");
        Assert.Equal(xor.Labels.data<long>().ToArray(), net.Forward(xor.Features).Logits.argmax(1).data<long>().ToArray());
    }

    [Fact]
    public void The_hidden_layer_beats_a_linear_classifier_on_unseen_moons()
    {
        var (train, test) = (ToyData.TwoMoons(200, 0.2, seed: 0), ToyData.TwoMoons(200, 0.2, seed: 1));
        torch.manual_seed(0);
        var net = ScratchMlp.Create(2, 16, 2);
        for (var step = 0; step < 1000; step++)
        {
            using var scope = torch.NewDisposeScope();
            var forward = net.Forward(train.Features);
            net.Step(net.Backward(train.Features, forward, train.Labels), learningRate: 0.5);
        }
        var linear = nn.Linear(2, 2);
        using var optimizer = optim.SGD(linear.parameters(), 0.5);
        ModelTestKit.Train(optimizer, 1000, _ => nn.functional.cross_entropy(linear.call(train.Features), train.Labels));

        using var _ = torch.no_grad();
        var hidden = Metrics.Accuracy(net.Forward(test.Features).Logits, test.Labels);
        var straightLine = Metrics.Accuracy(linear.call(test.Features), test.Labels);
        Assert.True(hidden >= straightLine + 0.05 && hidden >= 0.9, $"hidden layer {hidden:P1}, linear {straightLine:P1}");
    }

    [Fact]
    public void Xor_data_is_the_truth_table()
    {
        var xor = ToyData.Xor();
        Assert.Equal(new float[] { 0, 0, 0, 1, 1, 0, 1, 1 }, xor.Features.data<float>().ToArray());
        Assert.Equal(new long[] { 0, 1, 1, 0 }, xor.Labels.data<long>().ToArray());
    }

    [Fact]
    public void Two_moons_are_balanced_and_seeded()
    {
        var a = ToyData.TwoMoons(101, seed: 7);
        var b = ToyData.TwoMoons(101, seed: 7);
        Assert.Equal(new long[] { 101, 2 }, a.Features.shape);
        Assert.Equal(51, a.Labels.sum().ToInt64());
        Assert.True(a.Features.equal(b.Features).all().item<bool>());
    }

    [Fact]
    public void Wrong_input_shape_names_the_expected_shape()
    {
        using var net = ScratchMlp.Create(2, 4, 2);
        var error = Assert.Throws<ArgumentException>(() => net.Forward(torch.zeros(5, 3)));
        Assert.Contains("expected input of shape [N, 2], got [5, 3]", error.Message);

        using var model = new MlpClassifier(2, 4, 2);
        Assert.Throws<ArgumentException>(() => model.call(torch.zeros(2)));
    }

    [Fact]
    public void Labels_out_of_range_are_rejected_with_the_allowed_range()
    {
        using var net = ScratchMlp.Create(2, 4, 2);
        var x = torch.zeros(3, 2);
        var error = Assert.Throws<ArgumentException>(() => net.Loss(net.Forward(x), torch.tensor(new long[] { 0, 1, 2 })));
        Assert.Contains("0..1", error.Message);
    }
}
