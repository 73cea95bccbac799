using NeuralNotebooks.Data;
using NeuralNotebooks.Runtime;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;
using NeuralNotebooks.Exercises.TextCnn;
using TextCnnModel = NeuralNotebooks.Exercises.TextCnn.TextCnn;

namespace NeuralNotebooks.Tests.Exercises;

public class TextCnnTests
{
    /// <summary>
    /// Texts of noise tokens 3..8 with one token 1 and one token 2: class 1 when the 2 sits exactly two places after
    /// the 1 ("1 x 2"), class 0 when it sits three or more places away. Which tokens and which pairs occur is the
    /// same in both classes, so a bag of tokens and pairs is at chance; a width-3 window sees the pattern.
    /// </summary>
    static (Tensor Tokens, Tensor Lengths, Tensor Labels) SkipGramTexts(int count, Random random, int length = 12)
    {
        var tokens = new long[count * length];
        var labels = new long[count];
        for (var n = 0; n < count; n++)
        {
            for (var t = 0; t < length; t++) tokens[n * length + t] = 3 + random.Next(6);
            labels[n] = random.Next(2);
            var gap = labels[n] == 1 ? 2 : 3 + random.Next(length - 4);
            var first = random.Next(length - gap);
            (tokens[n * length + first], tokens[n * length + first + gap]) = (1, 2);
        }
        return (tensor(tokens, [count, length]), full(count, (long)length, int64), tensor(labels));
    }

    [Fact]
    public void On_texts_it_never_saw_it_beats_a_bag_of_characters_and_pairs()
    {
        Seed.Set(0);
        var random = new Random(0);
        var (train, validation, test) = (SkipGramTexts(512, random), SkipGramTexts(256, random), SkipGramTexts(512, random));
        Tensor Bag((Tensor Tokens, Tensor Lengths, Tensor Labels) d) => BagOfTokens.Features(d.Tokens, d.Lengths, 9, bigramBuckets: 128);
        var baseline = LogisticRegressionBaseline.Fit(Bag(train), train.Labels, Bag(validation), validation.Labels, classes: 2);
        var baselineAccuracy = Metrics.Accuracy(baseline.Predict(Bag(test)), test.Labels);
        var model = new TextCnnModel(9, 2, embeddingSize: 8, widths: [3], filtersPerWidth: 8, dropoutRate: 0.0);
        using var optimizer = optim.Adam(model.parameters(), 0.01);
        ModelTestKit.Train(optimizer, 150, _ => nn.functional.cross_entropy(model.call(train.Tokens, train.Lengths), train.Labels));
        model.eval();
        var accuracy = Metrics.Accuracy(model.call(test.Tokens, test.Lengths).detach(), test.Labels);
        Assert.True(accuracy >= baselineAccuracy + 0.25, $"text CNN {accuracy:P1} vs bag of characters and pairs {baselineAccuracy:P1}");
    }
    [Fact]
    public void A_padded_batch_gives_one_score_row_per_text_and_gradients_reach_every_parameter()
    {
        Seed.Set(0);
        var model = new TextCnnModel(vocabularySize: 20, classes: 2, embeddingSize: 8, widths: [2, 3, 4], filtersPerWidth: 5);
        var tokens = tensor(new long[,] { { 3, 4, 5, 6, 7, 8 }, { 9, 0, 0, 0, 0, 0 }, { 1, 2, 3, 0, 0, 0 } });
        var lengths = tensor(new long[] { 6, 1, 3 });   // length 1 is shorter than every window: still works
        Assert.Equal(new long[] { 3, 15 }, model.Features(tokens, lengths).shape);
        var logits = model.call(tokens, lengths);
        Assert.Equal(new long[] { 3, 2 }, logits.shape);
        nn.functional.cross_entropy(logits, tensor(new long[] { 0, 1, 1 })).backward();
        ModelTestKit.AssertEveryParameterGetsGradient(model);
    }

    [Fact]
    public void Masks_really_mask()
    {
        Seed.Set(0);
        var model = new TextCnnModel(20, 2, 8, [2, 3], 6);
        model.eval();
        var tokens = tensor(new long[,] { { 3, 4, 5, 6, 7 }, { 9, 8, 0, 0, 0 } });
        var lengths = tensor(new long[] { 5, 2 });
        var changed = tokens.clone();
        changed[1, TensorIndex.Slice(2)] = tensor(new long[] { 17, 18, 19 });
        Assert.True(model.call(tokens, lengths).allclose(model.call(changed, lengths), rtol: 0, atol: 0));
        Assert.False(model.call(changed, lengths).allclose(model.call(changed, tensor(new long[] { 5, 5 })), rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void Max_over_time_gives_the_same_features_however_much_padding_follows()
    {
        Seed.Set(0);
        var model = new TextCnnModel(20, 2, 8, [2, 3, 4], 6);
        model.eval();
        var bare = tensor(new long[,] { { 5, 6, 7 } });
        var padded = tensor(new long[,] { { 5, 6, 7, 0, 0, 0, 0, 0 } });
        var lengths = tensor(new long[] { 3 });
        Assert.Equal(new long[] { 1, 18 }, model.Features(padded, lengths).shape);
        Assert.True(model.Features(bare, lengths).allclose(model.Features(padded, lengths), rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void A_few_dozen_steps_lower_the_loss()
    {
        // Class 1 texts contain the bigram (5, 6) somewhere; class 0 texts do not.
        Seed.Set(1);
        var random = new Random(7);
        var tokens = zeros(64, 10, dtype: int64);
        var lengths = new long[64];
        var labels = new long[64];
        for (var n = 0; n < 64; n++)
        {
            lengths[n] = random.Next(4, 11);
            labels[n] = n % 2;
            for (var t = 0; t < lengths[n]; t++) tokens[n, t] = 7 + random.Next(10);
            if (labels[n] == 1) { var at = random.Next((int)lengths[n] - 1); tokens[n, at] = 5; tokens[n, at + 1] = 6; }
        }
        var model = new TextCnnModel(20, 2, 8, [2, 3], 8, dropoutRate: 0.0);
        ModelTestKit.AssertTrainingHalvesTheLoss(model, () => nn.functional.cross_entropy(model.call(tokens, tensor(lengths)), tensor(labels)), steps: 30, lr: 0.02);
    }

    [Fact]
    public void Bad_input_is_a_clear_error()
    {
        var model = new TextCnnModel(20, 2);
        var e = Assert.Throws<ArgumentException>(() => model.call(tensor(new long[,] { { 3, 25 } }), tensor(new long[] { 2 })));
        Assert.Equal("TextCnn: token ids contain id 25, outside the vocabulary: ids must be in [0, 19].", e.Message);
        e = Assert.Throws<ArgumentException>(() => model.call(ones(2, 3, 4, dtype: int64), tensor(new long[] { 2, 2 })));
        Assert.Equal("TextCnn: expected token ids of shape [B, T], got [2, 3, 4].", e.Message);
        e = Assert.Throws<ArgumentException>(() => new TextCnnModel(20, 2, widths: []));
        Assert.Contains("at least one window width", e.Message);
    }

    [Fact]
    public void The_filter_ngrams_are_windows_of_the_texts_of_the_filters_that_vote_most()
    {
        Seed.Set(0);
        var all = PoemDynasties.Load();
        var poems = new PoemCorpus(all.Poems.Take(40).ToList(), all.Characters, "first 40 texts");
        using var data = poems.ToDataset(64);
        var model = new TextCnnModel(all.Characters.Count, 2, 8, [2, 3], 6);
        model.eval();
        var responses = model.Activations(data.Tensors[0], data.Tensors[2]);
        var vote = model.Classifier.weight![1] - model.Classifier.weight![0];
        var filters = FilterNgrams.Top(responses, vote, model.Widths, poems, data.Tensors[2], filtersPerClass: 2, top: 3);

        Assert.Equal(4, filters.Count);
        var votes = vote.data<float>().ToArray();
        Assert.Equal(votes.Max(), filters[0].SongVote, 5);
        Assert.Equal(votes.Min(), filters[2].SongVote, 5);   // then the two strongest Tang votes, strongest first
        var bodies = poems.Poems.Select(p => p.Body).ToList();
        Assert.All(filters.SelectMany(f => f.Top.Select(m => (f.Width, m.Ngram))), m =>
        {
            Assert.Equal(m.Width, m.Ngram.Length);
            var seen = m.Ngram.TrimEnd('·').Replace('⏎', '\n');
            Assert.Contains(bodies, b => b.Contains(seen));
        });
    }
}
