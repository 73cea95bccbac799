using NeuralNotebooks.Blocks;
using NeuralNotebooks.Exercises.LstmFromScratch;
using NeuralNotebooks.Runtime;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Tests.Exercises;

public class LstmFromScratchTests
{
    static (LstmFromScratch Mine, TorchSharp.Modules.LSTM Reference) SameWeights(long input, long hidden)
    {
        Seed.Set(3);
        var reference = nn.LSTM(input, hidden, batchFirst: true);
        var mine = new LstmFromScratch(input, hidden);
        LstmWeights.Copy(reference, mine);
        return (mine, reference);
    }

    [Fact]
    public void With_torch_weights_it_matches_torch_lstm_outputs_and_final_state()
    {
        var (mine, reference) = SameWeights(5, 7);
        foreach (var time in new[] { 1, 4, 13 })
        {
            var x = randn(3, time, 5);
            var (output, h, c) = mine.call(x, null);
            var (expectedOutput, expectedH, expectedC) = reference.call(x);
            Assert.Equal(new long[] { 3, time, 7 }, output.shape);
            Assert.True(output.allclose(expectedOutput, rtol: 0, atol: 1e-5), $"outputs differ for T = {time}");
            Assert.True(h.allclose(expectedH[0], rtol: 0, atol: 1e-5), $"final h differs for T = {time}");
            Assert.True(c.allclose(expectedC[0], rtol: 0, atol: 1e-5), $"final c differs for T = {time}");
        }
    }

    [Theory]
    [InlineData(4, 6, 2, 9)]
    [InlineData(1, 3, 5, 1)]
    [InlineData(7, 16, 1, 20)]
    public void With_torch_weights_it_has_torch_lstm_gradients(long input, long hidden, long batch, long time)
    {
        // Compares outputs, final (h, c), the input's gradient and every weight's gradient.
        Seed.Set(5);
        var reference = nn.LSTM(input, hidden, batchFirst: true);
        var mine = new LstmFromScratch(input, hidden);
        LstmWeights.Copy(reference, mine);
        var x = randn(batch, time, input);
        var probe = randn(batch, time, hidden);   // weighs every output differently
        var (xMine, xReference) = (x.clone().requires_grad_(true), x.clone().requires_grad_(true));
        var (o1, h1, c1) = mine.call(xMine, null);
        var (o2, h2, c2) = reference.call(xReference);
        ((o1 * probe).sum() + h1.sum() + c1.pow(2).sum()).backward();
        ((o2 * probe).sum() + h2.sum() + c2.pow(2).sum()).backward();
        var theirs = reference.named_parameters().ToDictionary(p => p.name.Replace("_l0", ""), p => p.parameter.grad!);
        var agreement = Agreement.Of(
            [("output", o1, o2), ("final h", h1, h2[0]), ("final c", c1, c2[0]), ("input gradient", xMine.grad!, xReference.grad!),
             .. mine.named_parameters().Select(p => ($"{p.name} gradient", p.parameter.grad!, theirs[p.name.Split('.')[^1]]))]);
        Assert.Equal(8, agreement.Rows.Count);   // output, h, c, input gradient, four weight gradients
        Assert.True(agreement.Within(1e-5), agreement.ToString());
    }

    [Fact]
    public void Lengths_freeze_the_state_like_packing_does()
    {
        var (mine, reference) = SameWeights(3, 5);
        var x = randn(3, 8, 3);
        var lengths = tensor(new long[] { 8, 2, 5 });
        var (output, h, c) = mine.call(x, lengths);
        var packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first: true, enforce_sorted: false);
        var (packedOutput, expectedH, expectedC) = reference.call(packed);
        var (expectedOutput, _) = nn.utils.rnn.pad_packed_sequence(packedOutput, batch_first: true, total_length: 8);
        Assert.True(output.allclose(expectedOutput, rtol: 0, atol: 1e-5));
        Assert.True(h.allclose(expectedH[0], rtol: 0, atol: 1e-5));
        Assert.True(c.allclose(expectedC[0], rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void Masks_really_mask()
    {
        var (mine, _) = SameWeights(3, 5);
        var x = randn(2, 6, 3);
        var lengths = tensor(new long[] { 6, 3 });
        var changed = x.clone();
        changed[1, TensorIndex.Slice(3)] = randn(3, 3) * 100;   // rewrite only the padding of sequence 1
        var (o1, h1, c1) = mine.call(x, lengths);
        var (o2, h2, c2) = mine.call(changed, lengths);
        Assert.True(o1.allclose(o2, rtol: 0, atol: 0) && h1.allclose(h2, rtol: 0, atol: 0) && c1.allclose(c2, rtol: 0, atol: 0));
    }

    [Fact]
    public void Gradients_reach_every_parameter_of_the_classifier()
    {
        Seed.Set(0);
        var model = new LstmSequenceClassifier(4, 8, 3);
        Assert.Equal(new long[] { 5, 3 }, model.call(randn(5, 7, 4)).shape);
        nn.functional.cross_entropy(model.call(randn(5, 7, 4)), tensor(new long[] { 0, 1, 2, 0, 1 })).backward();
        ModelTestKit.AssertEveryParameterGetsGradient(model);
    }

    [Fact]
    public void A_few_dozen_steps_learn_a_tiny_sequence_task()
    {
        // Label = sign of the FIRST step's value; the classifier sees only the final state, so it must remember.
        Seed.Set(1);
        var x = randn(64, 6, 1);
        var y = (x[.., 0, 0] > 0).to(int64);
        var model = new LstmSequenceClassifier(1, 16, 2);
        ModelTestKit.AssertTrainingHalvesTheLoss(model, () => nn.functional.cross_entropy(model.call(x), y), steps: 40, lr: 0.03);
    }

    [Fact]
    public void On_held_out_sequences_it_beats_logistic_regression_on_the_whole_sequence()
    {
        // Label = |first step| above its median (0.674): the final state must remember x0 AND bend it, which
        // logistic regression on all steps at once (linear in x0) cannot. An untrained model scores about 50%.
        Seed.Set(2);
        (Tensor X, Tensor Y) Data(int count) { var x = randn(count, 6, 1); return (x, (x[.., 0, 0].abs() > 0.674).to(int64)); }
        var (train, trainY) = Data(512);
        var (validation, validationY) = Data(256);
        var (test, testY) = Data(512);
        var baseline = LogisticRegressionBaseline.Fit(train.flatten(1), trainY, validation.flatten(1), validationY, classes: 2);
        var baselineAccuracy = Metrics.Accuracy(baseline.Predict(test.flatten(1)), testY);
        var model = new LstmSequenceClassifier(1, 16, 2);
        ModelTestKit.TrainClassifier(model, train, trainY, steps: 150, learningRate: 0.02);
        model.eval();
        var accuracy = Metrics.Accuracy(model.call(test).detach(), testY);
        Assert.True(accuracy >= baselineAccuracy + 0.2, $"LSTM {accuracy:P1} vs logistic regression {baselineAccuracy:P1}");
    }

    [Fact]
    public void Wrong_input_shape_is_a_clear_error()
    {
        var lstm = new LstmFromScratch(4, 8);
        var e = Assert.Throws<ArgumentException>(() => lstm.call(randn(2, 5), null));
        Assert.Equal("LstmFromScratch expects input of shape [B, T, 4] with T ≥ 1, got [2, 5].", e.Message);
        e = Assert.Throws<ArgumentException>(() => lstm.call(randn(2, 5, 3), null));
        Assert.Contains("[B, T, 4] with T ≥ 1, got [2, 5, 3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => lstm.call(randn(2, 5, 4), tensor(new long[] { 5, 6 })));
        Assert.Contains("lengths must be in [1, 5]", e.Message);
    }

    [Fact]
    public void Copying_from_a_differently_sized_lstm_is_a_clear_error()
    {
        var e = Assert.Throws<ArgumentException>(() => LstmWeights.Copy(nn.LSTM(4, 6), new LstmFromScratch(4, 8)));
        Assert.Contains("weight_ih_l0 has shape [32, 4]", e.Message);
    }
}
