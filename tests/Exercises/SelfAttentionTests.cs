using NeuralNotebooks.Blocks;
using NeuralNotebooks.Exercises.SelfAttention;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Tests.Exercises;

public class SelfAttentionTests
{
    const double Tolerance = 1e-5;

    static double MaxDiff(Tensor a, Tensor b) => (a - b).abs().max().item<float>();

    [Fact]
    public void Scaled_dot_product_and_multi_head_attention_match_torch_in_values_and_gradients()
    {
        var sdpa = TorchReference.ScaledDotProduct(seed: 1);
        Assert.Equal(4, sdpa.Rows.Count);
        Assert.True(sdpa.Within(Tolerance), sdpa.ToString());
        var mha = TorchReference.MultiHead(new MultiHeadAttention(16, 4), heads: 4, seed: 1);
        Assert.Equal(5, mha.Rows.Count);
        Assert.True(mha.Within(Tolerance), mha.ToString());
        Assert.True(TorchReference.MultiHead(new MultiHeadAttention(24, 3), heads: 3, seed: 2, batch: 3, queryLength: 4, keyLength: 9).Within(Tolerance));
    }

    [Fact]
    public void The_multi_head_check_catches_a_wrong_head_count()
    {
        // Weights copied from a 4-head reference into a 2-head module: same parameters, different attention.
        Assert.False(TorchReference.MultiHead(new MultiHeadAttention(16, 2), heads: 4, seed: 3).Within(Tolerance));
    }

    [Fact]
    public void Reversal_data_is_seeded_and_its_targets_are_the_inputs_reversed()
    {
        using var a = ReversalData.Generate(20, 10, 6, seed: 4);
        using var b = ReversalData.Generate(20, 10, 6, seed: 4);
        Assert.True(a.Inputs.eq(b.Inputs).all().item<bool>());
        Assert.True(a.Targets.eq(a.Inputs.flip(1)).all().item<bool>());
    }

    [Fact]
    public void Causal_attention_matches_torch_is_causal()
    {
        manual_seed(2);
        var (q, k, v) = (randn(1, 2, 7, 8), randn(1, 2, 7, 8), randn(1, 2, 7, 8));
        var (ours, weights) = ScaledDotProductAttention.Compute(q, k, v, AttentionMask.Causal(7));
        var theirs = nn.functional.scaled_dot_product_attention(q, k, v, is_casual: true);
        Assert.True(MaxDiff(ours, theirs) < Tolerance);
        Assert.Equal(0f, weights.triu(1).abs().max().item<float>());                     // nothing above the diagonal
        Assert.True(MaxDiff(weights.sum(-1), ones(1, 2, 7)) < Tolerance);                // rows sum to one
    }

    [Fact]
    public void Padding_mask_really_masks_changing_padded_keys_changes_nothing()
    {
        manual_seed(4);
        var attention = new MultiHeadAttention(8, 2);
        var x = randn(2, 5, 8);
        var allowed = AttentionMask.FromLengths(tensor(new long[] { 5, 3 }), 5);
        var before = attention.call(x, x, x, allowed);
        var changed = x.clone();
        changed[1, 3..] = randn(2, 8) * 100;                                             // garbage in row 1's padding
        var after = attention.call(changed, changed, changed, allowed);
        Assert.True(MaxDiff(before[1, ..3], after[1, ..3]) < 1e-6);                     // row 1's real positions unchanged
        Assert.True(MaxDiff(before[0], after[0]) < 1e-6);
        var unmasked = attention.call(changed, changed, changed, null);
        Assert.True(MaxDiff(before[1, ..3], unmasked[1, ..3]) > 1e-3);                   // without the mask it would change
    }

    [Fact]
    public void Causal_mask_really_masks_changing_the_future_changes_nothing_before_it()
    {
        manual_seed(5);
        var attention = new MultiHeadAttention(8, 2);
        var x = randn(1, 6, 8);
        var causal = AttentionMask.Causal(6);
        var before = attention.call(x, x, x, causal);
        var changed = x.clone();
        changed[0, 4..] = randn(2, 8) * 100;
        var after = attention.call(changed, changed, changed, causal);
        Assert.True(MaxDiff(before[0, ..4], after[0, ..4]) < 1e-6);
        Assert.True(MaxDiff(before[0, 4..], after[0, 4..]) > 1e-3);
    }

    [Fact]
    public void A_query_with_no_allowed_key_gets_zeros_and_finite_gradients_not_nan()
    {
        var q = randn(1, 1, 2, 4, requires_grad: true);
        var k = randn(1, 1, 3, 4);
        var allowed = tensor(new[] { true, true, false, false, false, false }).view(1, 1, 2, 3);
        var (output, weights) = ScaledDotProductAttention.Compute(q, k, k, allowed);
        output.sum().backward();
        Assert.Equal(0f, weights[0, 0, 1].abs().sum().item<float>());
        Assert.Equal(0f, output[0, 0, 1].abs().sum().item<float>());
        Assert.False(q.grad!.isnan().any().item<bool>());
    }

    [Fact]
    public void Heads_split_and_merge_give_the_input_shape_back_and_weights_per_head()
    {
        var attention = new MultiHeadAttention(12, 3) { KeepWeights = true };
        var output = attention.call(randn(2, 4, 12), randn(2, 7, 12), randn(2, 7, 12), null);
        Assert.Equal(new long[] { 2, 4, 12 }, output.shape);
        Assert.Equal(new long[] { 2, 3, 4, 7 }, attention.LastWeights!.shape);
    }

    [Fact]
    public void Bad_attention_input_is_a_clear_error()
    {
        var attention = new MultiHeadAttention(8, 2);
        var e = Assert.Throws<ArgumentException>(() => attention.call(randn(5, 8), randn(5, 8), randn(5, 8), null));
        Assert.Equal("expected query, key and value of shape [B, T, 8], got [5, 8], [5, 8], [5, 8].", e.Message);
        e = Assert.Throws<ArgumentException>(() => attention.call(randn(1, 5, 6), randn(1, 5, 6), randn(1, 5, 6), null));
        Assert.Contains("expected feature size 8", e.Message);
        e = Assert.Throws<ArgumentException>(() => new MultiHeadAttention(10, 4));
        Assert.Contains("multiple of the head count", e.Message);
    }

    [Fact]
    public void Positional_encoding_has_the_sinusoid_values_and_refuses_long_sequences()
    {
        var table = PositionalEncoding.Table(4, 3);
        Assert.Equal(new[] { 0f, 1f, 0f, 1f }, table[0].data<float>().ToArray());
        Assert.Equal(MathF.Sin(1f), table[1, 0].item<float>(), 5);
        Assert.Equal(MathF.Cos(2f / 100f), table[2, 3].item<float>(), 5);                // 10000^(2/4) = 100
        var pe = new PositionalEncoding(4, 3);
        var e = Assert.Throws<ArgumentException>(() => pe.call(zeros(1, 5, 4)));
        Assert.Equal("sequence length 5 exceeds the positional encoding's maximum length 3.", e.Message);
    }

    [Fact]
    public void Token_ids_out_of_range_are_a_clear_error()
    {
        var model = new ReversalModel(vocabularySize: 10, length: 6);
        var e = Assert.Throws<ArgumentException>(() => model.call(tensor(new long[] { 1, 2, 10 }).view(1, 3)));
        Assert.Contains("id 10, outside the vocabulary", e.Message);
        e = Assert.Throws<ArgumentException>(() => model.call(tensor(new long[] { 1, 2, 3 })));
        Assert.Contains("of shape [B, T], got [3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => model.call(tensor(new long[] { -1, 2 }).view(1, 2)));
        Assert.Contains("id -1", e.Message);
    }

    [Fact]
    public void A_few_dozen_steps_lower_the_reversal_loss_and_every_parameter_gets_a_gradient()
    {
        NeuralNotebooks.Runtime.Seed.Set(0);
        var model = new ReversalModel(vocabularySize: 8, length: 6, modelSize: 32, heads: 2);
        var optimizer = optim.Adam(model.parameters(), 0.01);
        double first = 0, last = 0;
        for (var step = 0; step < 40; step++)
        {
            using var scope = NewDisposeScope();
            var tokens = randint(0, 8, [32, 6]);
            var loss = nn.functional.cross_entropy(model.call(tokens).view(-1, 8), tokens.flip(1).reshape(-1));
            optimizer.zero_grad();
            loss.backward();
            if (step == 0)
                Assert.All(model.named_parameters(), p => Assert.True(p.parameter.grad is not null && p.parameter.grad.abs().sum().item<float>() > 0, p.name));
            optimizer.step();
            if (step == 0) first = loss.item<float>();
            last = loss.item<float>();
        }
        Assert.True(last < first * 0.7, $"loss {first:F3} → {last:F3}");
    }

    [Fact]
    public void A_little_training_reverses_held_out_sequences_far_better_than_the_most_frequent_token()
    {
        NeuralNotebooks.Runtime.Seed.Set(0);
        using var all = ReversalData.Generate(1200, vocabulary: 6, length: 5, seed: 0);
        var keys = all.Inputs.data<long>().ToArray().Chunk(5).Select(s => string.Join(" ", s)).ToArray();
        var parts = NeuralNotebooks.Data.DisjointSplit.ByKey(keys, 0.0, 0.2, seed: 0);      // 6⁵ = 7776 sequences: repeats happen
        Assert.Equal(0, NeuralNotebooks.Data.DisjointSplit.Overlap(parts.Test.Select(r => keys[r]), parts.Train.Select(r => keys[r])));
        using var train = all.Subset(parts.Train);
        using var test = all.Subset(parts.Test);
        var model = new ReversalModel(vocabularySize: 6, length: 5, modelSize: 32, heads: 2);
        var optimizer = optim.Adam(model.parameters(), 0.01);
        var random = new Random(0);
        ModelTestKit.Train(optimizer, 150, _ =>
        {
            var rows = tensor(Enumerable.Range(0, 64).Select(_ => (long)random.Next((int)train.Count)).ToArray());
            return nn.functional.cross_entropy(model.call(train.Inputs.index_select(0, rows)).flatten(0, 1), train.Targets.index_select(0, rows).flatten());
        });
        model.eval();
        using var noGrad = no_grad();
        var accuracy = model.call(test.Inputs).argmax(-1).eq(test.Targets).to(ScalarType.Float64).mean().item<double>();
        var majority = nn.functional.one_hot(train.Targets, 6).sum(0).argmax(-1);          // (T): the most frequent token per position
        var baseline = test.Targets.eq(majority).to(ScalarType.Float64).mean().item<double>();
        Assert.True(accuracy > baseline + 0.5, $"held-out token accuracy {accuracy:P1}, most-frequent-token baseline {baseline:P1}");
    }
}
