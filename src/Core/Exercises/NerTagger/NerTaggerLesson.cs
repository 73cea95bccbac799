using NeuralNotebooks.Data;
using NeuralNotebooks.Data.Synthetic;
using NeuralNotebooks.Runtime;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.NerTagger;

/// <summary>Sizes of the exercise 13 run for each mode.</summary>
public sealed record NerTaggerSize(int TrainSentences, int TestSentences, int Epochs, int BatchSize, int Hidden)
{
    public static NerTaggerSize For(RunMode mode) => mode == RunMode.Quick
        ? new(800, 200, 2, 32, 32)
        : new(20000, 2000, 10, 64, 128);
}

/// <summary>One test sentence with its gold and predicted tags.</summary>
public sealed record TaggedExample(IReadOnlyList<string> Words, IReadOnlyList<string> Gold, IReadOnlyList<string> Predicted);

/// <summary>The trained tagger, entity-level scores on unseen sentences, and tagged examples.</summary>
public sealed record NerTaggerResult(
    BiLstmAttentionTagger Model,
    TrainingHistory History,
    EntityScores Test,
    IReadOnlyList<TaggedExample> Examples,
    TaggedSentences Data,
    string Source);

/// <summary>Exercise 13's entry point: the BiLSTM + self-attention tagger on the synthetic entity sentences.</summary>
public static class NerTaggerLesson
{
    public static NerTaggerResult Train(RunMode mode, int seed = 0) => Train(NerTaggerSize.For(mode), seed);

    public static NerTaggerResult Train(NerTaggerSize size, int seed = 0)
    {
        var data = EntitySentences.Generate(size.TrainSentences + size.TestSentences, seed);
        using var all = data.ToDataset();
        var rows = Enumerable.Range(0, size.TrainSentences + size.TestSentences).Select(i => (long)i).ToArray();
        using var train = all.Subset(rows[..size.TrainSentences]);
        var test = all.Subset(rows[size.TrainSentences..]);

        Seed.Set(seed);
        var model = new BiLstmAttentionTagger(data.Words.Count, data.Tags.Count, hiddenSize: size.Hidden).to(Devices.Default);
        var trainer = Trainer(model, optim.Adam(model.parameters(), lr: 3e-3));
        var history = trainer.Fit(new DataLoader(train, size.BatchSize, shuffle: true), new DataLoader(test, 256), size.Epochs);

        var predicted = Predict(model, test, data.Tags);
        var gold = data.Sentences.Skip(size.TrainSentences).Select(s => s.Tags).ToArray();
        var examples = data.Sentences.Skip(size.TrainSentences).Zip(predicted)
            .Select(p => new TaggedExample(p.First.Words, p.First.Tags, p.Second)).ToArray();
        return new NerTaggerResult(model, history, EntityScores.Compute(gold, predicted), examples, data, data.Source);
    }

    /// <summary>Custom-step trainer: the tagger takes (words, lengths); the loss skips padding; token accuracy counts real tokens only.</summary>
    public static Trainer Trainer(BiLstmAttentionTagger model, optim.Optimizer optimizer) => new(
        step: batch =>
        {
            optimizer.zero_grad();
            var scores = model.call(batch[0], batch[2]);
            var loss = BiLstmAttentionTagger.Loss(scores, batch[1]);
            loss.backward();
            nn.utils.clip_grad_norm_(model.parameters(), 1.0);
            optimizer.step();
            return Measure(loss, scores, batch[1]);
        },
        evaluate: batch =>
        {
            var scores = model.call(batch[0], batch[2]);
            return Measure(BiLstmAttentionTagger.Loss(scores, batch[1]), scores, batch[1]);
        },
        modules: [model]);

    /// <summary>Predicted tag names for every sentence of <paramref name="data"/> (words, tags, lengths), cut to its length.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Predict(BiLstmAttentionTagger model, TensorDataset data, Vocabulary tags)
    {
        model.eval();
        using var noGrad = no_grad();
        var device = Devices.Of(model);
        var result = new List<IReadOnlyList<string>>();
        foreach (var batch in new DataLoader(data, 256, device: device))
        {
            using var scope = NewDisposeScope();
            var ids = model.call(batch[0], batch[2]).argmax(-1).cpu();      // (B, T)
            var lengths = batch[2].cpu().data<long>().ToArray();
            for (var i = 0; i < lengths.Length; i++)
                result.Add(ids[i, ..(int)lengths[i]].data<long>().ToArray().Select(id => TagName(tags, id)).ToArray());
        }
        return result;
    }

    // A special id (PAD, BOS, ...) is never a gold tag; predicting one counts as O.
    static string TagName(Vocabulary tags, long id) => id < Vocabulary.Specials.Count ? "O" : tags.Token((int)id);

    static Dictionary<string, double> Measure(Tensor loss, Tensor scores, Tensor labels)
    {
        var real = labels.ne(BiLstmAttentionTagger.IgnoreLabel);
        var correct = scores.detach().argmax(-1).eq(labels).logical_and(real).sum().item<long>();
        return new() { ["loss"] = loss.item<float>(), ["token_accuracy"] = (double)correct / real.sum().item<long>() };
    }
}
