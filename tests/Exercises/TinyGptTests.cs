using NeuralNotebooks.Exercises.TinyGpt;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Tests.Exercises;

public class TinyGptTests
{
    static TinyGptModel Small(bool[]? lineBreaks = null) =>
        new(vocabularySize: 12, contextLength: 8, modelSize: 16, heads: 2, layers: 2, hiddenSize: 32, dropout: 0.0, lineBreaks: lineBreaks);

    static readonly bool[] BreakIsTwo = [.. Enumerable.Range(0, 12).Select(id => id == 2)];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Logits_for_every_position_and_no_peeking_at_the_future(bool withLinePlaces)
    {
        manual_seed(0);
        var model = Small(withLinePlaces ? BreakIsTwo : null);
        model.eval();
        var a = model.call(tensor(new long[] { 1, 2, 3, 4, 5, 6 }).view(1, 6));
        var b = model.call(tensor(new long[] { 1, 2, 3, 2, 9, 9 }).view(1, 6));   // a later break changes later places only
        Assert.Equal(new long[] { 1, 6, 12 }, a.shape);
        Assert.True((a[0, ..3] - b[0, ..3]).abs().max().item<float>() < 1e-5);
        Assert.True((a[0, 3..] - b[0, 3..]).abs().max().item<float>() > 1e-4);
    }

    [Fact]
    public void Line_places_count_characters_since_the_last_break_the_same_for_a_text_and_a_batch()
    {
        bool[] isBreak = [false, false, true, false];                       // id 2 is the punctuation
        int[] text = [1, 3, 2, 1, 1, 3, 2, 2, .. Enumerable.Repeat(1, 20)];
        var places = LinePlace.Of(text, isBreak);
        Assert.Equal([LinePlace.Unknown, LinePlace.Unknown, 0, 1, 2, 3, 0, 0, 1, 2], places[..10]);
        Assert.Equal(LinePlace.Last, places[^1]);                            // 20 characters on: capped
        var batch = LinePlace.Of(tensor(text.Select(c => (long)c).ToArray()).view(2, -1), tensor(isBreak));
        Assert.Equal(places[..14].Select(p => (long)p), batch[0].data<long>().ToArray());
        Assert.Equal(LinePlace.Unknown, batch[1, 0].item<long>());          // the second row starts without a break in view
    }

    [Fact]
    public void On_fresh_text_it_beats_the_strongest_counting_model_where_the_answer_is_three_characters_back()
    {
        // Runs of a random triple said three times, "abcabcabc": most characters repeat the one three back, which
        // attention reads directly; the trigram's context (the two just before) says nothing about it.
        NeuralNotebooks.Runtime.Seed.Set(2);
        var random = new Random(2);
        int[] Text(int runs) => [.. Enumerable.Range(0, runs).SelectMany(_ =>
        {
            var triple = Enumerable.Range(0, 3).Select(_ => random.Next(12)).ToArray();
            return triple.Concat(triple).Concat(triple);
        })];
        var (trainText, validationText, testText) = (Text(400), Text(100), Text(200));
        var strongest = new CountingModel.Context[][] { [], [CountingModel.Previous], [CountingModel.Previous, CountingModel.PreviousTwo] }.Min(contexts =>
        {
            var counts = new CountingModel(trainText, 12, contexts);
            return counts.Perplexity(testText, counts.FitWeights(validationText, [0.2, 0.5, 0.8]));
        });
        var model = Small();
        var train = CharacterText.Windows(trainText, 8, 1);                                  // windows at every offset
        using var optimizer = optim.Adam(model.parameters(), 1e-2);
        ModelTestKit.Train(optimizer, 300, _ =>
        {
            var rows = randint(0, train.Count, [32]);
            return nn.functional.cross_entropy(model.call(train.Inputs[rows]).reshape(-1, 12), train.Targets[rows].reshape(-1));
        });
        model.eval();
        var test = CharacterText.EvaluationWindows(testText, 8);                              // the same characters the counting models score
        var perplexity = Math.Exp(nn.functional.cross_entropy(model.call(test.Inputs).reshape(-1, 12), test.Targets.reshape(-1)).item<float>());
        Assert.True(perplexity < 0.7 * strongest, $"tiny GPT perplexity {perplexity:F2} vs the strongest counting model's {strongest:F2}");
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
        Assert.Equal(2.0, new CountingModel([0, 1, 0, 1], 2).Perplexity([0, 1, 0], []), 6);
    }

    [Theory]
    [InlineData(23, 8)]
    [InlineData(40, 8)]
    [InlineData(9, 8)]
    public void Evaluation_windows_score_every_character_after_the_first_once_with_half_a_window_before_it(int length, int context)
    {
        var text = Enumerable.Range(0, length).Select(i => 4 + i).ToArray();                 // id = 4 + index: a target names its position
        using var windows = CharacterText.EvaluationWindows(text, context);
        var targets = windows.Targets.data<long>().ToArray();
        var scored = targets.Where(t => t != CharacterText.NotScored).Select(t => t - 4).Order().ToArray();
        Assert.Equal(Enumerable.Range(1, length - 1).Select(i => (long)i), scored);          // each of 1..N-1 exactly once
        for (var w = 1; w < windows.Count; w++)
            for (var j = 0; j < context; j++)
                if (targets[w * context + j] != CharacterText.NotScored) Assert.True(j + 1 >= context / 2, $"window {w} scores its target {j} with {j + 1} characters before it");
        var shifted = windows.Targets[.., ..^1];                                               // a window's target j is its input j + 1
        Assert.Equal(windows.Inputs[.., 1..].data<long>().ToArray(), shifted.where(shifted.ne(CharacterText.NotScored), windows.Inputs[.., 1..]).data<long>().ToArray());
    }

    [Fact]
    public void Counting_line_places_beats_the_trigram_on_lines_of_fixed_length()
    {
        // Lines of 5 random letters (ids 4..11) then a break (id 2): only the place in the line says when the break comes.
        var random = new Random(0);
        int[] Text(int lines) => [.. Enumerable.Range(0, lines).SelectMany(_ => Enumerable.Range(0, 5).Select(_ => random.Next(4, 12)).Append(2))];
        var (train, validation, test) = (Text(600), Text(100), Text(100));
        double Perplexity(params CountingModel.Context[] contexts)
        {
            var counts = new CountingModel(train, 12, contexts);
            return counts.Perplexity(test, counts.FitWeights(validation, [0.1, 0.3, 0.5, 0.7, 0.9]));
        }
        var trigram = Perplexity(CountingModel.Previous, CountingModel.PreviousTwo);
        var lineAware = Perplexity(CountingModel.PlaceInLine(BreakIsTwo), CountingModel.Previous, CountingModel.PreviousAtPlace(BreakIsTwo));
        Assert.True(lineAware < 0.85 * trigram, $"line-aware {lineAware:F2} vs trigram {trigram:F2}");
    }
}
