using NeuralNotebooks.Exercises.TransformerClassifier;
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
