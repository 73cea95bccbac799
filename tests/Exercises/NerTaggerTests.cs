using NeuralNotebooks.Data;
using NeuralNotebooks.Data.Synthetic;
using NeuralNotebooks.Exercises.NerTagger;
using NeuralNotebooks.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Tests.Exercises;

public class NerTaggerTests
{
    static readonly Tensor Tokens = tensor(new long[,] { { 3, 4, 5, 6, 7 }, { 8, 9, 0, 0, 0 } });
    static readonly Tensor Lengths = tensor(new long[] { 5, 2 });

    [Fact]
    public void A_padded_batch_gives_one_score_per_token_and_tag_and_gradients_reach_every_parameter()
    {
        Seed.Set(0);
        var model = new BiLstmAttentionTagger(vocabularySize: 12, tags: 5, embeddingSize: 8, hiddenSize: 8, heads: 2);
        var (scores, attention) = model.ForwardWithAttention(Tokens, Lengths);
        Assert.Equal(new long[] { 2, 5, 5 }, scores.shape);
        Assert.Equal(new long[] { 2, 5, 5 }, attention.shape);
        var labels = tensor(new long[,] { { 1, 2, 3, 1, 4 }, { 4, 1, 0, 0, 0 } });   // 0 = PAD
        BiLstmAttentionTagger.Loss(scores, labels).backward();
        ModelTestKit.AssertEveryParameterGetsGradient(model);
    }

    [Fact]
    public void Masks_really_mask()
    {
        Seed.Set(0);
        var model = new BiLstmAttentionTagger(12, 5, 8, 8, 2);
        model.eval();
        var changed = Tokens.clone();
        changed[1, TensorIndex.Slice(2)] = tensor(new long[] { 11, 10, 1 });
        var (scores, attention) = model.ForwardWithAttention(Tokens, Lengths);
        var (changedScores, _) = model.ForwardWithAttention(changed, Lengths);
        // Real tokens' scores do not move when the padding changes, and no attention goes to padding.
        Assert.True(scores[1, TensorIndex.Slice(0, 2)].allclose(changedScores[1, TensorIndex.Slice(0, 2)], rtol: 0, atol: 1e-6));
        Assert.Equal(0f, attention[1, .., TensorIndex.Slice(2)].abs().max().item<float>());
        Assert.False(scores.allclose(model.ForwardWithAttention(changed, tensor(new long[] { 5, 5 })).Scores, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void Padding_is_ignored_by_the_loss()
    {
        Seed.Set(0);
        var scores = randn(2, 5, 5);
        var labels = tensor(new long[,] { { 1, 2, 3, 1, 4 }, { 4, 1, 0, 0, 0 } });   // 0 = PAD
        var expected = nn.functional.cross_entropy(
            cat([scores[0], scores[1, TensorIndex.Slice(0, 2)]]), tensor(new long[] { 1, 2, 3, 1, 4, 4, 1 }));
        Assert.True(BiLstmAttentionTagger.Loss(scores, labels).allclose(expected, rtol: 0, atol: 1e-6));
        var noisy = scores.clone();
        noisy[1, TensorIndex.Slice(2)] = randn(3, 5) * 50;
        Assert.True(BiLstmAttentionTagger.Loss(noisy, labels).allclose(expected, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void A_few_dozen_steps_lower_the_loss()
    {
        // Token 3 is always B-X and the token after it I-X; everything else O. Tags: PAD=0, O=1, B-X=2, I-X=3.
        Seed.Set(1);
        var random = new Random(5);
        var tokens = zeros(32, 8, dtype: int64);
        var labels = full(32, 8, BiLstmAttentionTagger.IgnoreLabel, dtype: int64);
        var lengths = new long[32];
        for (var n = 0; n < 32; n++)
        {
            lengths[n] = random.Next(3, 9);
            for (var t = 0; t < lengths[n]; t++) { tokens[n, t] = 4 + random.Next(6); labels[n, t] = 1; }
            var at = random.Next((int)lengths[n] - 1);
            tokens[n, at] = 3; labels[n, at] = 2; labels[n, at + 1] = 3;
        }
        var model = new BiLstmAttentionTagger(10, 4, 8, 8, 2, dropoutRate: 0);
        ModelTestKit.AssertTrainingHalvesTheLoss(model, () => BiLstmAttentionTagger.Loss(model.call(tokens, tensor(lengths)), labels), steps: 30, lr: 0.02);
    }

    [Fact]
    public void Bad_input_is_a_clear_error()
    {
        var model = new BiLstmAttentionTagger(12, 5, 8, 8, 2);
        var e = Assert.Throws<ArgumentException>(() => model.call(tensor(new long[,] { { 3, 12 } }), tensor(new long[] { 2 })));
        Assert.Equal("BiLstmAttentionTagger: token ids contain id 12, outside the vocabulary: ids must be in [0, 11].", e.Message);
        e = Assert.Throws<ArgumentException>(() => model.call(tensor(new long[,] { { 3, 4 } }), tensor(new long[] { 3 })));
        Assert.Contains("lengths must be in [1, 2]", e.Message);
    }

    [Fact]
    public void Word_dropout_turns_only_real_words_into_unk_at_about_its_rate()
    {
        Seed.Set(0);
        var tokens = full(200, 50, 7L, dtype: int64);
        tokens[.., TensorIndex.Slice(40)] = NeuralNotebooks.Data.Vocabulary.Pad;
        var dropped = BiLstmAttentionTagger.WordDropout(tokens, 0.3);
        var unk = dropped.eq(NeuralNotebooks.Data.Vocabulary.Unk);
        Assert.True(dropped[.., TensorIndex.Slice(40)].eq(NeuralNotebooks.Data.Vocabulary.Pad).all().item<bool>());   // padding stays padding
        var share = unk.sum().item<long>() / (200.0 * 40);
        Assert.InRange(share, 0.27, 0.33);
        Assert.True(dropped[.., TensorIndex.Slice(0, 40)].eq(7).logical_or(unk[.., TensorIndex.Slice(0, 40)]).all().item<bool>());   // a word stays or becomes UNK
        Assert.Same(tokens, BiLstmAttentionTagger.WordDropout(tokens, 0));
    }

    [Fact]
    public void An_entity_counts_only_with_the_right_type_and_both_boundaries()
    {
        IReadOnlyList<string>[] gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "O"]];
        IReadOnlyList<string>[] predicted = [["B-PER", "O", "O", "B-LOC"], ["B-PER", "O"]];
        var scores = EntityScores.Compute(gold, predicted);
        Assert.Equal((3, 3, 1), (scores.Gold, scores.Predicted, scores.Correct));   // only LOC is exactly right
        Assert.Equal(1.0 / 3, scores.F1, 12);
        Assert.Equal(1.0, EntityScores.Compute(gold, gold).F1);
        Assert.Throws<ArgumentException>(() => EntityScores.Compute(gold, [["O"], ["O", "O"]]));
    }

    [Fact]
    public void Sentences_split_by_text_are_disjoint_and_held_out_templates_and_names_never_reach_training()
    {
        var data = EntitySentences.Generate(3000, seed: 0);
        var texts = data.Sentences.Select(TaggedSentences.Text).ToArray();
        var parts = DisjointSplit.ByKey(texts, 0.1, 0.15, seed: 0);
        string[] Of(long[] rows) => rows.Select(r => texts[r]).ToArray();
        Assert.Equal(0, DisjointSplit.Overlap(Of(parts.Validation), Of(parts.Train)));
        Assert.Equal(0, DisjointSplit.Overlap(Of(parts.Test), Of(parts.Train)));
        var rows = DisjointSplit.ByKey(texts.Select((t, i) => $"{i}: {t}").ToArray(), 0.1, 0.15, seed: 0);
        Assert.True(DisjointSplit.Overlap(Of(rows.Test), Of(rows.Train)) > 0, "a row split of this sample leaks (the check can fail)");
        static string Template(TaggedSentence s) => string.Join(" ", s.Words.Zip(s.Tags).Where(p => !p.Second.StartsWith("I-")).Select(p => p.Second == "O" ? p.First : $"{{{p.Second[2..]}}}"));
        Assert.All(data.Sentences, s => Assert.Contains(Template(s), EntitySentences.Templates));
        Assert.All(EntitySentences.Generate(200, seed: 1, heldOutTemplates: true).Sentences, s => Assert.Contains(Template(s), EntitySentences.HeldOutTemplates));
        var trainingWords = data.Sentences.SelectMany(s => s.Words).ToHashSet();
        var heldOutNames = EntitySentences.HeldOutEntities.Values.SelectMany(n => n).SelectMany(n => n.Split(' ')).ToArray();
        Assert.DoesNotContain(heldOutNames, trainingWords.Contains);
        Assert.All(EntitySentences.Generate(200, seed: 2, heldOutTemplates: true).Sentences.SelectMany(s => s.Words), w => Assert.Contains(w, trainingWords));
        using var encoded = data.ToDataset(EntitySentences.Generate(5, seed: 3, heldOutEntities: true).Sentences, "held-out names");
        Assert.True(encoded.Tensors[0].eq(NeuralNotebooks.Data.Vocabulary.Unk).any().item<bool>());   // unseen names become UNK
    }

    [Fact]
    public void The_lookup_baseline_knows_training_names_and_nothing_else()
    {
        var training = EntitySentences.Generate(400, seed: 0);
        var lookup = new LookupTagger(training.Sentences);
        var known = EntitySentences.Generate(100, seed: 1).Sentences;
        var unseen = EntitySentences.Generate(100, seed: 2, heldOutEntities: true).Sentences;
        var knownF1 = EntityScores.Compute(known.Select(s => s.Tags).ToArray(), lookup.Tag(known)).F1;
        Assert.True(knownF1 > 0.5, $"lookup F1 on known names {knownF1:P1}");
        Assert.Equal(0, EntityScores.Compute(unseen.Select(s => s.Tags).ToArray(), lookup.Tag(unseen)).Correct);
    }

    [Fact]
    public void A_little_training_beats_the_lookup_baseline_on_names_training_never_saw()
    {
        Seed.Set(0);
        var data = EntitySentences.Generate(400, seed: 0);
        using var train = data.ToDataset();
        var unseen = EntitySentences.Generate(100, seed: 1, heldOutEntities: true).Sentences;
        using var test = data.ToDataset(unseen, "held-out names");
        var model = new BiLstmAttentionTagger(data.Words.Count, data.Tags.Count, 32, 32, 2, dropoutRate: 0);
        var optimizer = optim.Adam(model.parameters(), 0.01);
        var random = new Random(0);
        ModelTestKit.Train(optimizer, 80, _ =>
        {
            var rows = tensor(Enumerable.Range(0, 32).Select(_ => (long)random.Next((int)train.Count)).ToArray());
            var (words, tags, lengths) = (train.Tensors[0].index_select(0, rows), train.Tensors[1].index_select(0, rows), train.Tensors[2].index_select(0, rows));
            return BiLstmAttentionTagger.Loss(model.call(words, lengths), tags);
        });
        model.eval();
        using var noGrad = no_grad();
        var ids = model.call(test.Tensors[0], test.Tensors[2]).argmax(-1);
        var predicted = unseen.Select((s, i) => (IReadOnlyList<string>)Enumerable.Range(0, s.Words.Count)
            .Select(t => ids[i, t].item<long>() is var id && id >= NeuralNotebooks.Data.Vocabulary.Specials.Count ? data.Tags.Token((int)id) : "O").ToArray()).ToArray();
        var modelF1 = EntityScores.Compute(unseen.Select(s => s.Tags).ToArray(), predicted).F1;
        var lookupF1 = EntityScores.Compute(unseen.Select(s => s.Tags).ToArray(), new LookupTagger(data.Sentences).Tag(unseen)).F1;
        Assert.True(modelF1 > lookupF1 + 0.2, $"tagger F1 on unseen names {modelF1:P1}, lookup {lookupF1:P1}");
    }
}
