using NeuralNotebooks.Exercises.TransformerClassifier;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Tests.Exercises;

public class TransformerClassifierTests
{
    static TransformerTextClassifier Small() => new(vocabularySize: 20, classes: 3, maxLength: 16, modelSize: 16, heads: 2, layers: 2, hiddenSize: 32, dropout: 0.0);

    [Fact]
    public void A_padded_batch_gives_one_row_of_logits_per_text()
    {
        manual_seed(0);
        var tokens = tensor(new long[] { 3, 4, 5, 6, 7, 0, 0, 0, 8, 9, 0, 0, 0, 0, 0, 0 }).view(2, 8);
        Assert.Equal(new long[] { 2, 3 }, Small().call(tokens).shape);
    }

    [Fact]
    public void Padding_really_is_ignored_the_amount_of_padding_does_not_change_the_prediction()
    {
        manual_seed(1);
        var model = Small();
        model.eval();
        var shortPadding = model.call(tensor(new long[] { 3, 4, 5, 0 }).view(1, 4));
        var longPadding = model.call(tensor(new long[] { 3, 4, 5, 0, 0, 0, 0, 0, 0, 0 }).view(1, 10));
        var alone = model.call(tensor(new long[] { 3, 4, 5 }).view(1, 3));
        Assert.True((shortPadding - longPadding).abs().max().item<float>() < 1e-5);
        Assert.True((shortPadding - alone).abs().max().item<float>() < 1e-5);
    }

    [Fact]
    public void Every_parameter_gets_a_gradient()
    {
        manual_seed(2);
        var model = Small();
        var tokens = tensor(new long[] { 3, 4, 5, 6, 1, 2, 0, 0 }).view(2, 4);
        nn.functional.cross_entropy(model.call(tokens), tensor(new long[] { 0, 2 })).backward();
        foreach (var (name, p) in model.named_parameters())
            if (name != "embedding.weight") Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0, name);
    }

    /// <summary>Noise tokens 3..8 with one 1 and one 2, never adjacent: class 1 when the 1 comes first. A bag of tokens and pairs cannot tell.</summary>
    static (Tensor Tokens, Tensor Labels) OrderTexts(int count, Random random, int length = 10)
    {
        var tokens = new long[count * length];
        var labels = new long[count];
        for (var n = 0; n < count; n++)
        {
            for (var t = 0; t < length; t++) tokens[n * length + t] = 3 + random.Next(6);
            int i, j;
            do (i, j) = (random.Next(length), random.Next(length)); while (Math.Abs(i - j) < 2);
            (tokens[n * length + i], tokens[n * length + j], labels[n]) = (1, 2, i < j ? 1 : 0);
        }
        return (tensor(tokens, [count, length]), tensor(labels));
    }

    [Fact]
    public void On_texts_it_never_saw_it_beats_a_bag_of_tokens_and_pairs_where_order_decides()
    {
        NeuralNotebooks.Runtime.Seed.Set(1);
        var random = new Random(1);
        var (validation, test) = (OrderTexts(256, random), OrderTexts(512, random));
        var train = OrderTexts(1024, random);
        Tensor Bag(Tensor tokens) => BagOfTokens.Features(tokens, full(tokens.shape[0], tokens.shape[1], int64), 9, bigramBuckets: 128);
        var baseline = LogisticRegressionBaseline.Fit(Bag(train.Tokens), train.Labels, Bag(validation.Tokens), validation.Labels, classes: 2);
        var baselineAccuracy = Metrics.Accuracy(baseline.Predict(Bag(test.Tokens)), test.Labels);
        var model = new TransformerTextClassifier(9, 2, maxLength: 16, modelSize: 32, heads: 2, layers: 2, hiddenSize: 64, dropout: 0.0);
        using var optimizer = optim.Adam(model.parameters(), 3e-3);
        ModelTestKit.Train(optimizer, 200, _ =>
        {
            var rows = randint(0, 1024, [64]);
            return nn.functional.cross_entropy(model.call(train.Tokens[rows]), train.Labels[rows]);
        });
        model.eval();
        var accuracy = Metrics.Accuracy(model.call(test.Tokens).detach(), test.Labels);
        Assert.True(accuracy >= baselineAccuracy + 0.25, $"Transformer {accuracy:P1} vs bag of tokens and pairs {baselineAccuracy:P1}");
    }

    [Fact]
    public void A_few_dozen_steps_learn_a_token_presence_rule()
    {
        NeuralNotebooks.Runtime.Seed.Set(0);
        var model = Small();
        var optimizer = optim.Adam(model.parameters(), 3e-3);
        // Class = which of the marker tokens 1, 2, 3 appears in a random text of tokens 4..19 (padded to 10).
        Tensor Batch(out Tensor labels)
        {
            var tokens = randint(4, 20, [48, 10]);
            labels = randint(0, 3, [48]);
            tokens[.., 0] = labels + 1;
            var lengths = randint(3, 11, [48, 1]);
            return tokens.masked_fill(arange(10).unsqueeze(0).ge(lengths), 0).index_select(1, randperm(10));
        }
        var (first, last) = ModelTestKit.Train(optimizer, 40, _ =>
        {
            var tokens = Batch(out var labels);
            return nn.functional.cross_entropy(model.call(tokens), labels);
        });
        Assert.True(last < first * 0.6, $"loss {first:F3} → {last:F3}");
    }

    [Fact]
    public void Bad_input_is_a_clear_error()
    {
        var model = Small();
        var e = Assert.Throws<ArgumentException>(() => model.call(tensor(new long[] { 3, 25 }).view(1, 2)));
        Assert.Contains("id 25, outside the vocabulary", e.Message);
        e = Assert.Throws<ArgumentException>(() => model.call(zeros(2, 4, 16)));
        Assert.Contains("of shape [B, T]", e.Message);
        e = Assert.Throws<ArgumentException>(() => model.call(ones(1, 17, dtype: ScalarType.Int64)));
        Assert.Contains("exceed the maximum length 16", e.Message);
    }
}
