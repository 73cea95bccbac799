using NeuralNotebooks.Blocks;
using NeuralNotebooks.Data.Synthetic;
using NeuralNotebooks.Exercises.TransformerTranslation;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Tests.Exercises;

public class TransformerTranslationTests
{
    static readonly SpecialTokens Specials = SpecialTokens.Default;
    static TransformerTranslator Small() => new(12, 10, 16, Specials, modelSize: 16, heads: 2, encoderLayers: 1, decoderLayers: 2, hiddenSize: 32, dropout: 0.0);

    [Fact]
    public void Shapes_for_a_padded_batch()
    {
        manual_seed(0);
        var source = tensor(new long[] { 3, 4, 5, 6, 7, 8, 0, 0 }).view(2, 4);
        var target = tensor(new long[] { 1, 3, 4, 1, 5, 0 }).view(2, 3);
        Assert.Equal(new long[] { 2, 3, 10 }, Small().call(source, target).shape);
    }

    [Fact]
    public void The_decoder_cannot_see_the_future_and_the_encoder_ignores_source_padding()
    {
        manual_seed(1);
        var model = Small();
        model.eval();
        var source = tensor(new long[] { 3, 4, 5, 0, 0 }).view(1, 5);
        var before = model.call(source, tensor(new long[] { 1, 3, 4, 5 }).view(1, 4));
        var futureChanged = model.call(source, tensor(new long[] { 1, 3, 8, 9 }).view(1, 4));
        Assert.True((before[0, ..2] - futureChanged[0, ..2]).abs().max().item<float>() < 1e-5);
        Assert.True((before[0, 2..] - futureChanged[0, 2..]).abs().max().item<float>() > 1e-4);
        var lessPadding = model.call(tensor(new long[] { 3, 4, 5 }).view(1, 3), tensor(new long[] { 1, 3, 4, 5 }).view(1, 4));
        Assert.True((before - lessPadding).abs().max().item<float>() < 1e-5);
    }

    [Fact]
    public void Label_smoothing_matches_torch_cross_entropy_and_ignores_padding()
    {
        manual_seed(2);
        var logits = randn(2, 5, 10, requires_grad: true);
        var targets = tensor(new long[] { 3, 4, 5, 0, 0, 7, 8, 0, 0, 0 }).view(2, 5);
        var ours = LabelSmoothingLoss.Compute(logits, targets, 0.1, ignoreIndex: 0);
        var theirs = nn.functional.cross_entropy(logits.view(-1, 10), targets.view(-1), ignore_index: 0, label_smoothing: 0.1);
        Assert.Equal(theirs.item<float>(), ours.item<float>(), 5);
        var plain = LabelSmoothingLoss.Compute(logits, targets, 0.0, ignoreIndex: 0);
        Assert.Equal(nn.functional.cross_entropy(logits.view(-1, 10), targets.view(-1), ignore_index: 0).item<float>(), plain.item<float>(), 5);
        ours.backward();
        Assert.Equal(0f, logits.grad![0, 3].abs().sum().item<float>());                 // padding positions get no gradient
    }

    [Fact]
    public void A_few_dozen_steps_learn_to_copy_and_greedy_decoding_stops_at_eos()
    {
        NeuralNotebooks.Runtime.Seed.Set(0);
        var model = Small();
        var optimizer = optim.Adam(model.parameters(), 3e-3);
        var (first, last) = ModelTestKit.Train(optimizer, 60, _ =>
        {
            var body = randint(3, 10, [32, 4]);                                         // target vocabulary 3..9
            var targetIn = cat([full(32, 1, Specials.Bos, dtype: ScalarType.Int64), body], 1);
            var targetOut = cat([body, full(32, 1, Specials.Eos, dtype: ScalarType.Int64)], 1);
            return LabelSmoothingLoss.Compute(model.call(body, targetIn), targetOut, 0.1, Specials.Pad);
        });
        Assert.True(last < first * 0.7, $"loss {first:F3} → {last:F3}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_small_set_of_dates_is_learned_to_exact_match_only_with_the_causal_mask(bool causal)
    {
        // Fails if the model cannot learn (masks, shift, embedding scale, decoding): 96 dates, full batch. Without the
        // causal mask (the guide's bug) teacher forcing lets each position read its answer, and greedy decoding fails.
        NeuralNotebooks.Runtime.Seed.Set(0);
        var data = HumanDates.Generate(96, seed: 0);
        using var set = data.ToDataset();
        var (source, target) = (set.Tensors[0], set.Tensors[1]);
        var model = new TransformerTranslator(data.SourceVocabulary.Count, data.TargetVocabulary.Count, 40, Specials,
            modelSize: 32, heads: 2, encoderLayers: 1, decoderLayers: 1, hiddenSize: 64, dropout: 0.0) { Causal = causal };
        var optimizer = optim.Adam(model.parameters(), 3e-3);
        const int steps = 250;
        var schedule = optim.lr_scheduler.LambdaLR(optimizer, step => step < 25 ? (step + 1) / 25.0 : 0.5 * (1 + Math.Cos(Math.PI * (step - 25) / (steps - 25.0))));
        var (input, expected) = TeacherForcing.Shift(target);
        ModelTestKit.Train(optimizer, steps, step =>
        {
            if (step > 0) schedule.step();
            return LabelSmoothingLoss.Compute(model.call(source, input), expected, 0.1, Specials.Pad);
        });
        model.eval();
        var exact = TeacherForcing.ExactMatch(Translate(model, source, (int)target.shape[1]), target, Specials);
        // Baseline: answering every date with the most common training date scores at most a few percent.
        var baseline = data.Pairs.GroupBy(p => p.Target).Max(g => g.Count()) / (double)data.Pairs.Count;
        if (causal) Assert.True(exact >= 0.9 && exact > baseline + 0.5, $"exact match on the training dates {exact:P0} (baseline {baseline:P0})");
        else Assert.True(exact < 0.2, $"without the causal mask greedy exact match should collapse, got {exact:P0}");
    }

    [Fact]
    public void Greedy_decoding_respects_the_maximum_length_and_stops_at_eos()
    {
        // A fake model that always says 5, and one that says EOS after two tokens.
        Tensor Always5(Tensor prefix) => nn.functional.one_hot(full(prefix.shape[0], 5L), 10).to(ScalarType.Float32);
        Tensor EosAfterTwo(Tensor prefix) => nn.functional.one_hot(full(prefix.shape[0], prefix.shape[1] >= 3 ? Specials.Eos : 7L), 10).to(ScalarType.Float32);
        var capped = SequenceDecoding.Greedy(Always5, 2, Specials, maxLength: 4, CPU);
        Assert.All(capped, row => Assert.Equal(new long[] { 5, 5, 5, 5 }, row));
        var stopped = SequenceDecoding.Greedy(EosAfterTwo, 1, Specials, maxLength: 10, CPU);
        Assert.Equal(new long[] { 7, 7 }, stopped[0]);
        var real = Translate(Small(), tensor(new long[] { 3, 4 }).view(1, 2), maxLength: 6);
        Assert.True(real[0].Length <= 6);
    }

    [Fact]
    public void Bad_input_is_a_clear_error()
    {
        var model = Small();
        var e = Assert.Throws<ArgumentException>(() => model.call(tensor(new long[] { 3, 12 }).view(1, 2), tensor(new long[] { 1 }).view(1, 1)));
        Assert.Contains("source tokens contain id 12, outside the vocabulary", e.Message);
        e = Assert.Throws<ArgumentException>(() => model.call(tensor(new long[] { 3, 4 }).view(1, 2), tensor(new long[] { 1, 10 }).view(1, 2)));
        Assert.Contains("target tokens contain id 10, outside the vocabulary", e.Message);
        e = Assert.Throws<ArgumentException>(() => LabelSmoothingLoss.Compute(randn(2, 3), tensor(new long[] { 1, 2 }), 1.0, 0));
        Assert.Contains("[0, 1)", e.Message);
    }

    [Fact]
    public void The_teacher_forcing_trainer_uses_the_loss_it_is_given()
    {
        NeuralNotebooks.Runtime.Seed.Set(0);
        var model = Small();
        var seen = new List<double>();
        Tensor Recording(Tensor logits, Tensor expected)
        {
            var loss = LabelSmoothingLoss.Compute(logits, expected, 0.3, Specials.Pad);
            seen.Add(loss.item<float>());
            return loss;
        }
        var trainer = TeacherForcing.CreateTrainer(model, optim.Adam(model.parameters(), 1e-3), Recording, Specials.Pad);
        using var data = new NeuralNotebooks.Data.TensorDataset(randint(3, 12, [8, 4]), cat([full(8, 1, Specials.Bos, dtype: ScalarType.Int64), randint(3, 10, [8, 3])], 1));
        var history = trainer.Fit(new NeuralNotebooks.Data.DataLoader(data, 4), epochs: 1);
        Assert.Equal(2, seen.Count);
        Assert.Equal(seen.Average(), history.Epochs[0].Train["loss"], 4);
    }

    // Greedy translation as the notebook writes it: encode once, then one arg-max token per step.
    static long[][] Translate(TransformerTranslator model, Tensor source, int maxLength)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.eval();
        var (memory, allowed) = model.Encode(source);
        return SequenceDecoding.Greedy(prefix => model.Decode(prefix, memory, allowed).select(1, -1), source.shape[0], model.Specials,
            Math.Min(maxLength, (int)model.MaxLength - 1), model);
    }
}
