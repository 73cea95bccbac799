using NeuralNotebooks.Blocks;
using NeuralNotebooks.Data;
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
        var lengths = tensor(new long[] { 7, 3, 1, 5, 7 });
        Assert.Equal(new long[] { 5, 3 }, model.call(randn(5, 7, 4), lengths).shape);
        nn.functional.cross_entropy(model.call(randn(5, 7, 4), lengths), tensor(new long[] { 0, 1, 2, 0, 1 })).backward();
        ModelTestKit.AssertEveryParameterGetsGradient(model);
    }

    [Fact]
    public void The_classifier_reads_each_sequence_to_its_own_end_and_ignores_the_padding()
    {
        Seed.Set(0);
        var model = new LstmSequenceClassifier(2, 8, 2);
        var x = randn(2, 6, 2);
        var lengths = tensor(new long[] { 6, 3 });
        var alone = model.call(x[1..2, ..3], tensor(new long[] { 3 }));   // sequence 1 without any padding
        var padded = x.clone();
        padded[1, TensorIndex.Slice(3)] = randn(3, 2) * 100;
        var inBatch = model.call(padded, lengths)[1..2];
        Assert.True(inBatch.allclose(alone, rtol: 0, atol: 1e-6), $"{inBatch.str()} vs {alone.str()}");
    }

    [Fact]
    public void A_few_dozen_steps_learn_a_tiny_sequence_task()
    {
        // Label = sign of the FIRST step's value; the classifier sees only the final state, so it must remember.
        Seed.Set(1);
        var x = randn(64, 6, 1);
        var y = (x[.., 0, 0] > 0).to(int64);
        var lengths = tensor(Enumerable.Repeat(6L, 64).ToArray());
        var model = new LstmSequenceClassifier(1, 16, 2);
        ModelTestKit.AssertTrainingHalvesTheLoss(model, () => nn.functional.cross_entropy(model.call(x, lengths), y), steps: 40, lr: 0.03);
    }

    [Fact]
    public void Bracket_sequences_carry_their_label_only_in_the_order()
    {
        var task = new BracketSequences(4, 9);
        var (texts, labels) = task.Generate(2000, new Random(0));
        Assert.All(texts, t => Assert.True(t.Count(c => c == '(') == t.Length / 2 && t[0] == '(' && t[^1] == ')' && t.Length is >= 8 and <= 18, t));
        Assert.Equal(texts.Select(t => BracketSequences.IsBalanced(t) ? 1L : 0L), labels);
        Assert.InRange(labels.Average(), 0.45, 0.55);
        Assert.True(BracketSequences.IsBalanced("(()())") && !BracketSequences.IsBalanced("())(()") && !BracketSequences.IsBalanced("(()"));
        var data = task.ToDataset(texts[..3], labels[..3], "three");
        Assert.Equal(new long[] { 3, 18, 2 }, data.Inputs.shape);
        Assert.Equal(texts[..3].Select(t => (long)t.Length), data.Tensors[2].data<long>().ToArray());
        Assert.Equal(texts[0].Length, data.Inputs[0].sum().item<float>());   // one-hot on real steps, zeros after the end
        Assert.Equal(new long[] { 3, 15 }, task.BagOfNgrams(texts[..3]).shape);
        Assert.Equal(new long[] { 3, 36 }, task.Positions(texts[..3]).shape);
    }

    /// <summary>
    /// Tiny bracket task: (LSTM test accuracy, strongest of the three logistic regressions chosen on validation, its
    /// test accuracy). <paramref name="recurrent"/> false trains the guide's cell: recurrent weights zero and frozen;
    /// <paramref name="epochs"/> 0 leaves the LSTM untrained.
    /// </summary>
    static (double Lstm, string Baseline, double BaselineAccuracy) TinyBracketRun(bool recurrent, int epochs = 3)
    {
        Seed.Set(4);
        var task = new BracketSequences(4, 9);
        var (texts, labels) = task.Generate(3000, new Random(4));
        var parts = DisjointSplit.ByKey(texts, 0.15, 0.15, seed: 4);
        string[] Texts(long[] rows) => rows.Select(r => texts[r]).ToArray();
        TensorDataset Data(long[] rows) => task.ToDataset(Texts(rows), rows.Select(r => labels[r]).ToArray(), "tiny");
        var (train, validation, test) = (Data(parts.Train), Data(parts.Validation), Data(parts.Test));
        Assert.Equal(0, DisjointSplit.Overlap(Texts(parts.Test), Texts(parts.Train)));
        var baselines = new (string Name, Func<string[], Tensor> Of)[] { ("tokens", task.BagOfTokens), ("n-grams", task.BagOfNgrams), ("positions", task.Positions) }
            .Select(f => (f.Name, f.Of, Model: LogisticRegressionBaseline.Fit(f.Of(Texts(parts.Train)), train.Targets, f.Of(Texts(parts.Validation)), validation.Targets, 2)))
            .ToArray();
        Assert.True(baselines[0].Model.ValidationBalancedAccuracy <= 0.6, $"bag of tokens {baselines[0].Model.ValidationBalancedAccuracy:P1}: counts leak the label");
        var strongest = baselines.MaxBy(b => b.Model.ValidationBalancedAccuracy);
        var model = new LstmSequenceClassifier(2, 16, 2);
        if (!recurrent)
            using (no_grad()) foreach (var (name, weight) in model.named_parameters()) if (name.EndsWith("weight_hh")) weight.zero_().requires_grad_(false);
        model.train();
        using var optimizer = optim.Adam(model.parameters().Where(p => p.requires_grad), lr: 1e-2);
        var batches = new DataLoader(train, 64, shuffle: true, seed: 4).ToList();
        ModelTestKit.Train(optimizer, epochs * batches.Count, step =>
        {
            var batch = batches[step % batches.Count];
            return nn.functional.cross_entropy(model.call(batch[0], batch[2]), batch[1]);
        });
        var lstm = Metrics.Accuracy(Predictions.Classes(model, test), test.Targets);
        return (lstm, strongest.Name, Metrics.Accuracy(strongest.Model.Predict(strongest.Of(Texts(parts.Test))), test.Targets));
    }

    [Fact]
    public void On_held_out_bracket_sequences_it_beats_the_strongest_logistic_regression_by_5_points()
    {
        var (lstm, baseline, baselineAccuracy) = TinyBracketRun(recurrent: true);
        Assert.True(lstm >= baselineAccuracy + 0.05, $"LSTM {lstm:P1} vs logistic regression on {baseline} {baselineAccuracy:P1}");
    }

    [Fact]
    public void Without_recurrent_weights_as_in_the_guide_it_does_not_beat_the_baseline_by_5_points()
    {
        // The notebook's break-it switch: the same bar must fail, or the self-check could not tell.
        var (lstm, baseline, baselineAccuracy) = TinyBracketRun(recurrent: false);
        Assert.True(lstm < baselineAccuracy + 0.05, $"LSTM without W_hh {lstm:P1} vs logistic regression on {baseline} {baselineAccuracy:P1}");
    }

    [Fact]
    public void Untrained_it_does_not_beat_the_baseline_by_5_points()
    {
        var (lstm, baseline, baselineAccuracy) = TinyBracketRun(recurrent: true, epochs: 0);
        Assert.True(lstm < baselineAccuracy + 0.05, $"untrained LSTM {lstm:P1} vs logistic regression on {baseline} {baselineAccuracy:P1}");
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
