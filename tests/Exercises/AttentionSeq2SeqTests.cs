using NeuralNotebooks.Blocks;
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
    public void Beam_search_with_beam_one_is_greedy_and_wider_beams_score_at_least_as_well()
    {
        manual_seed(3);
        var model = Small();
        model.eval();
        for (var i = 0; i < 5; i++)
        {
            var source = randint(3, 12, [1, 5]);
            var greedy = model.Greedy(source, 8).Tokens[0];
            var beam1 = model.Beam(source, 1, 8);
            Assert.Equal(greedy, beam1.Tokens);
            var beam4 = model.Beam(source, 4, 8);
            Assert.True(beam4.LogProbability >= beam1.LogProbability - 1e-5);
        }
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
