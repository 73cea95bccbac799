using NeuralNotebooks.Exercises.TinyGpt;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Tests.Exercises;

public class TinyGptTests
{
    static TinyGptModel Small() => new(vocabularySize: 12, contextLength: 8, modelSize: 16, heads: 2, layers: 2, hiddenSize: 32, dropout: 0.0);

    [Fact]
    public void Logits_for_every_position_and_no_peeking_at_the_future()
    {
        manual_seed(0);
        var model = Small();
        model.eval();
        var a = model.call(tensor(new long[] { 1, 2, 3, 4, 5, 6 }).view(1, 6));
        var b = model.call(tensor(new long[] { 1, 2, 3, 9, 9, 9 }).view(1, 6));
        Assert.Equal(new long[] { 1, 6, 12 }, a.shape);
        Assert.True((a[0, ..3] - b[0, ..3]).abs().max().item<float>() < 1e-5);
        Assert.True((a[0, 3..] - b[0, 3..]).abs().max().item<float>() > 1e-4);
    }

    [Fact]
    public void On_fresh_text_it_beats_the_bigram_model_where_two_characters_of_context_decide()
    {
        // x[t+1] = (x[t] + x[t-1]) mod 12: the previous character alone says nothing, the two before say everything.
        NeuralNotebooks.Runtime.Seed.Set(2);
        var random = new Random(2);
        int[] Text(int pieces) => Enumerable.Range(0, pieces).SelectMany(_ =>
        {
            var s = new int[9] ; (s[0], s[1]) = (random.Next(12), random.Next(12));
            for (var t = 2; t < 9; t++) s[t] = (s[t - 1] + s[t - 2]) % 12;
            return s;
        }).ToArray();
        var (trainText, validationText, testText) = (Text(400), Text(100), Text(200));
        var weight = new[] { 0.2, 0.5, 0.8 }.MinBy(w => CharacterText.BigramPerplexity(trainText, validationText, 12, w));
        var bigram = CharacterText.BigramPerplexity(trainText, testText, 12, weight);
        var model = Small();
        var train = CharacterText.Windows(trainText, 8, 9);
        var test = CharacterText.Windows(testText, 8, 9);
        using var optimizer = optim.Adam(model.parameters(), 3e-3);
        ModelTestKit.Train(optimizer, 150, _ =>
        {
            var rows = randint(0, train.Count, [32]);
            return nn.functional.cross_entropy(model.call(train.Inputs[rows]).reshape(-1, 12), train.Targets[rows].reshape(-1));
        });
        model.eval();
        var perplexity = Math.Exp(nn.functional.cross_entropy(model.call(test.Inputs).reshape(-1, 12), test.Targets.reshape(-1)).item<float>());
        Assert.True(perplexity < 0.5 * bigram, $"tiny GPT perplexity {perplexity:F2} vs bigram {bigram:F2}");
    }

    [Fact]
    public void A_few_dozen_steps_lower_the_next_character_loss()
    {
        NeuralNotebooks.Runtime.Seed.Set(0);
        var model = Small();
        var optimizer = optim.Adam(model.parameters(), 3e-3);
        var (first, last) = ModelTestKit.Train(optimizer, 40, _ =>
        {
            var start = randint(0, 12, [32, 1]);
            var sequence = (start + arange(9).unsqueeze(0)).remainder(12);             // counting modulo 12
            var logits = model.call(sequence[.., ..8]);
            return nn.functional.cross_entropy(logits.reshape(-1, 12), sequence[.., 1..].reshape(-1));
        });
        Assert.True(last < first * 0.5, $"loss {first:F3} → {last:F3}");
    }

    [Fact]
    public void Top_k_keeps_only_k_tokens_and_low_temperature_approaches_argmax()
    {
        var logits = tensor(new[] { 1f, 3f, 2f, 0f });
        var top2 = Sampling.Distribution(logits, 1.0, 2);
        Assert.Equal(0f, top2[0].item<float>());
        Assert.Equal(0f, top2[3].item<float>());
        Assert.Equal(1f, top2.sum().item<float>(), 5);
        Assert.True(Sampling.Distribution(logits, 0.01, 0)[1].item<float>() > 0.999f);
        var flat = Sampling.Distribution(logits, 100, 0);
        Assert.True(flat.max().item<float>() - flat.min().item<float>() < 0.02f);
    }

    [Fact]
    public void Generation_is_seeded_sliding_and_of_the_asked_length()
    {
        manual_seed(3);
        var model = Small();
        model.eval();
        var a = Sampling.Generate(model, 8, [1, 2], 20, temperature: 1.0, topK: 5, generator: new Generator(7));
        var b = Sampling.Generate(model, 8, [1, 2], 20, temperature: 1.0, topK: 5, generator: new Generator(7));
        Assert.Equal(20, a.Length);                                                      // longer than the context of 8
        Assert.Equal(a, b);
        Assert.All(a, t => Assert.InRange(t, 0, 11));
        var onlySeven = Sampling.Generate(model, 8, [1], 10, topK: 0, generator: new Generator(1), banned: Enumerable.Range(0, 12).Where(i => i != 7).Select(i => (long)i).ToArray());
        Assert.All(onlySeven, t => Assert.Equal(7, t));                                   // banned ids are never sampled
    }

    [Fact]
    public void Bad_input_is_a_clear_error()
    {
        var model = Small();
        var e = Assert.Throws<ArgumentException>(() => model.call(tensor(new long[] { 1, 12 }).view(1, 2)));
        Assert.Contains("id 12, outside the vocabulary", e.Message);
        e = Assert.Throws<ArgumentException>(() => model.call(ones(1, 9, dtype: ScalarType.Int64)));
        Assert.Contains("exceed the maximum length 8", e.Message);
        e = Assert.Throws<ArgumentException>(() => Sampling.Distribution(randn(4), 0, 0));
        Assert.Contains("temperature must be positive", e.Message);
    }

    [Fact]
    public void Windows_pair_each_character_with_the_next_and_the_unigram_baseline_is_the_frequency_model()
    {
        using var windows = CharacterText.Windows([1, 2, 3, 4, 5, 6, 7], context: 3, stride: 2);
        Assert.Equal(new long[] { 2, 3 }, windows.Inputs.shape);                           // starts 0 and 2 (a window needs 4 characters)
        Assert.Equal(new long[] { 3, 4, 5 }, windows.Inputs[1].data<long>().ToArray());
        Assert.Equal(new long[] { 4, 5, 6 }, windows.Targets[1].data<long>().ToArray());
        // Two characters seen equally often (add-one smoothed): each has probability 1/2, perplexity 2.
        Assert.Equal(2.0, CharacterText.UnigramPerplexity([0, 1, 0, 1], [0, 1], 2), 6);
    }
}
