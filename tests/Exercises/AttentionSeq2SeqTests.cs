using NeuralNotebooks.Blocks;
using NeuralNotebooks.Data;
using NeuralNotebooks.Data.Synthetic;
using NeuralNotebooks.Exercises.AttentionSeq2Seq;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Tests.Exercises;

public class AttentionSeq2SeqTests
{
    static readonly SpecialTokens Specials = SpecialTokens.Default;
    static AttentionSeq2SeqModel Small() => new(12, 10, Specials, embeddingSize: 16, hiddenSize: 24);

    [Fact]
    public void Teacher_forcing_gives_logits_for_every_target_step_of_a_padded_batch()
    {
        manual_seed(0);
        var source = tensor(new long[] { 3, 4, 5, 6, 7, 0 }).view(2, 3);
        var target = tensor(new long[] { 1, 3, 4, 5, 1, 6, 0, 0 }).view(2, 4);
        Assert.Equal(new long[] { 2, 4, 10 }, Small().call(source, target).shape);
    }

    [Fact]
    public void Source_padding_changes_neither_the_logits_nor_the_attention()
    {
        manual_seed(1);
        var model = Small();
        var target = tensor(new long[] { 1, 3, 4 }).view(1, 3);
        var plain = model.call(tensor(new long[] { 3, 4, 5 }).view(1, 3), target);
        var padded = model.call(tensor(new long[] { 3, 4, 5, 0, 0, 0 }).view(1, 6), target);
        Assert.True((plain - padded).abs().max().item<float>() < 1e-5);
        var generation = model.Greedy(tensor(new long[] { 3, 4, 5, 0, 0 }).view(1, 5), 4);
        Assert.All(generation.Attention[0], row => { Assert.Equal(0f, row[3]); Assert.Equal(0f, row[4]); Assert.Equal(1f, row.Sum(), 4); });
    }

    [Fact]
    public void Every_parameter_gets_a_gradient()
    {
        manual_seed(2);
        var model = Small();
        var logits = model.call(tensor(new long[] { 3, 4, 5 }).view(1, 3), tensor(new long[] { 1, 3, 4 }).view(1, 3));
        nn.functional.cross_entropy(logits.view(-1, 10), tensor(new long[] { 3, 4, 2 })).backward();
        foreach (var (name, p) in model.named_parameters())
            Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0, name);
    }

    [Fact]
    public void A_few_dozen_steps_lower_the_loss_on_reversal()
    {
        NeuralNotebooks.Runtime.Seed.Set(0);
        var model = Small();
        var optimizer = optim.Adam(model.parameters(), 1e-2);
        var (first, last) = ModelTestKit.Train(optimizer, 40, _ =>
        {
            var body = randint(3, 10, [32, 4]);
            var targetIn = cat([full(32, 1, Specials.Bos, dtype: ScalarType.Int64), body.flip(1)], 1);
            var targetOut = cat([body.flip(1), full(32, 1, Specials.Eos, dtype: ScalarType.Int64)], 1);
            return nn.functional.cross_entropy(model.call(body, targetIn).view(-1, 10), targetOut.view(-1));
        });
        Assert.True(last < first * 0.7, $"loss {first:F3} → {last:F3}");
    }

    [Fact]
    public void Beam_one_is_greedy_and_a_beam_wide_enough_is_the_exhaustive_search()
    {
        manual_seed(3);
        var model = Small();
        model.eval();
        for (var i = 0; i < 5; i++)
        {
            var source = randint(3, 12, [1, 5]);
            Assert.Equal(model.Greedy(source, 8).Tokens[0], model.Beam(source, 1, 8).Tokens);
        }
        var narrowMissed = 0;
        for (var seed = 0; seed < 8; seed++)
        {
            manual_seed(seed);
            var toy = randn(4, 6, 6) * 2;                                           // (position, last token, next token)
            Tensor Toy(Tensor prefixes) => toy[prefixes.shape[1] - 1].index_select(0, prefixes[.., -1]);
            var exact = ExhaustiveSearch.Best(Toy, Specials, 4, CPU);
            var wide = SequenceDecoding.BeamSearch(Toy, 200, Specials, 4, CPU);
            Assert.Equal(exact.Tokens, wide.Tokens);
            Assert.Equal(exact.LogProbability, wide.LogProbability, 4);
            if (SequenceDecoding.BeamSearch(Toy, 1, Specials, 4, CPU).LogProbability < exact.LogProbability - 1e-4) narrowMissed++;
        }
        Assert.True(narrowMissed > 0, "greedy always found the exact best: the exhaustive check could not fail");
    }

    [Fact]
    public void Questions_split_by_text_are_disjoint_and_held_out_phrasings_never_reach_training()
    {
        var asked = QuestionAnswers.Generate(3000, seed: 0);
        var questions = asked.Pairs.Select(p => p.Source).ToArray();
        var parts = DisjointSplit.ByKey(questions, 0.1, 0.15, seed: 0);
        string[] Of(long[] rows) => rows.Select(r => questions[r]).ToArray();
        Assert.Equal(0, DisjointSplit.Overlap(Of(parts.Validation), Of(parts.Train)));
        Assert.Equal(0, DisjointSplit.Overlap(Of(parts.Test), Of(parts.Train)));
        Assert.Equal(Of(parts.Test).Length, Of(parts.Test).Distinct().Count());
        Assert.InRange(questions.Distinct().Count(), 300, QuestionAnswers.DistinctQuestions);   // a few hundred questions, repeated
        // The old row split leaks: most held-out questions were training questions.
        var rows = DisjointSplit.ByKey(questions.Select((q, i) => $"{i}: {q}").ToArray(), 0.1, 0.15, seed: 0);
        Assert.True(DisjointSplit.Overlap(Of(rows.Test), Of(rows.Train)) > Of(rows.Test).Length / 2);
        var reworded = QuestionAnswers.Generate(1000, seed: 1, heldOutPhrasings: true).Pairs;
        Assert.Empty(reworded.Select(p => p.Source).Intersect(questions));
        var trainingWords = questions.SelectMany(SequencePairs.Words).ToHashSet();
        Assert.All(reworded, p => Assert.Subset(trainingWords, SequencePairs.Words(p.Source).ToHashSet()));
        Assert.All(reworded.Concat(asked.Pairs).GroupBy(p => p.Source), g => Assert.Single(g.Select(p => p.Target).Distinct()));
    }

    [Fact]
    public void A_little_training_beats_the_positional_baseline_on_held_out_questions()
    {
        NeuralNotebooks.Runtime.Seed.Set(0);
        var data = QuestionAnswers.Generate(1500, seed: 0);
        using var all = data.ToDataset();
        var parts = DisjointSplit.ByKey(data.Pairs.Select(p => p.Source).ToArray(), 0.0, 0.2, seed: 0);
        using var train = all.Subset(parts.Train);
        using var test = all.Subset(parts.Test);
        var model = new AttentionSeq2SeqModel(data.SourceVocabulary.Count, data.TargetVocabulary.Count, Specials, embeddingSize: 32, hiddenSize: 48);
        var optimizer = optim.Adam(model.parameters(), 1e-2);
        var (input, expected) = TeacherForcing.Shift(train.Tensors[1]);
        var random = new Random(0);
        ModelTestKit.Train(optimizer, 60, _ =>
        {
            var rows = tensor(Enumerable.Range(0, 64).Select(_ => (long)random.Next((int)train.Count)).ToArray());
            var logits = model.call(train.Tensors[0].index_select(0, rows), input.index_select(0, rows));
            return nn.functional.cross_entropy(logits.flatten(0, 1), expected.index_select(0, rows).flatten(), ignore_index: Specials.Pad);
        });
        model.eval();
        var (testIn, testExpected) = TeacherForcing.Shift(test.Tensors[1]);
        var real = testExpected.ne(Specials.Pad);
        double Accuracy(Tensor predicted) => predicted.eq(testExpected).logical_and(real).sum().item<long>() / (double)real.sum().item<long>();
        using var noGrad = no_grad();
        var modelAccuracy = Accuracy(model.call(test.Tensors[0], testIn).argmax(-1));
        // Baseline: at each answer position, the word most frequent there in training (no question needed).
        var positional = nn.functional.one_hot(expected, data.TargetVocabulary.Count).sum(0).argmax(-1);   // (T)
        var baseline = Accuracy(positional.unsqueeze(0).expand_as(testExpected));
        Assert.True(modelAccuracy > baseline + 0.1, $"held-out teacher-forced word accuracy {modelAccuracy:P1}, positional baseline {baseline:P1}");
    }

    [Fact]
    public void Decoding_stops_at_eos_and_respects_the_maximum_length()
    {
        Tensor EosAtThird(Tensor prefix) => nn.functional.one_hot(full(prefix.shape[0], prefix.shape[1] == 3 ? Specials.Eos : 6L), 10).to(ScalarType.Float32) * 10;
        Assert.Equal(new long[] { 6, 6 }, SequenceDecoding.BeamSearch(EosAtThird, 3, Specials, 10, CPU).Tokens);
        Tensor Never(Tensor prefix) => nn.functional.one_hot(full(prefix.shape[0], 6L), 10).to(ScalarType.Float32) * 10;
        Assert.Equal(5, SequenceDecoding.BeamSearch(Never, 3, Specials, 5, CPU).Tokens.Length);
        manual_seed(4);
        var generation = Small().Greedy(randint(3, 12, [3, 4]), 7);
        Assert.All(generation.Tokens, t => Assert.True(t.Length <= 7 && !t.Contains(Specials.Eos)));
        Assert.All(generation.Tokens.Zip(generation.Attention), p => Assert.Equal(p.First.Length, p.Second.Length));
    }

    [Fact]
    public void Bad_input_is_a_clear_error()
    {
        var model = Small();
        var e = Assert.Throws<ArgumentException>(() => model.call(tensor(new long[] { 3, 12 }).view(1, 2), tensor(new long[] { 1 }).view(1, 1)));
        Assert.Contains("source tokens contain id 12, outside the vocabulary", e.Message);
        e = Assert.Throws<ArgumentException>(() => model.Beam(tensor(new long[] { 3, 4, 5, 6 }).view(2, 2), 2, 5));
        Assert.StartsWith("beam search decodes one source at a time", e.Message);
        e = Assert.Throws<ArgumentException>(() => model.Beam(tensor(new long[] { 3, 4 }).view(1, 2), 0, 5));
        Assert.Equal("beam width must be at least 1, got 0.", e.Message);
    }

    [Fact]
    public void The_model_trains_the_attention_it_is_given()
    {
        var attention = new BahdanauAttention(24, 24);
        var model = new AttentionSeq2SeqModel(12, 10, Specials, embeddingSize: 16, hiddenSize: 24, attention: attention);
        Assert.Contains(model.named_parameters(), p => p.name == "decoder.attention.query_proj.weight");
        Assert.Contains(model.named_parameters(), p => p.name == "decoder.key_proj.weight");
        var logits = model.call(tensor(new long[] { 3, 4, 5, 0 }).view(1, 4), tensor(new long[] { 1, 3, 4 }).view(1, 3));
        logits.sum().backward();
        Assert.True(attention.parameters().All(p => p.grad is not null && p.grad.abs().sum().item<float>() > 0));
    }
}
