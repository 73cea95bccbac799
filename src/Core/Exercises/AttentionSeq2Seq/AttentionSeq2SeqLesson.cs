using NeuralNotebooks.Blocks;
using NeuralNotebooks.Data;
using NeuralNotebooks.Data.Synthetic;
using NeuralNotebooks.Runtime;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.AttentionSeq2Seq;

/// <summary>Sizes of the dialogue lesson for a run mode.</summary>
public sealed record DialogueSize(int Pairs, int Epochs, int BatchSize, int EmbeddingSize, int HiddenSize, double LearningRate, int BeamWidth)
{
    public static DialogueSize For(RunMode mode) => mode == RunMode.Quick
        ? new(3000, 5, 64, 64, 128, 3e-3, 4)
        : new(20000, 15, 128, 128, 256, 2e-3, 5);
}

/// <summary>One question with its reference answer and the greedy and beam-search answers.</summary>
public sealed record Reply(string Question, string Reference, string Greedy, string Beam);

/// <summary>The trained model, its history, exact-match accuracy of greedy and beam decoding on held-out questions, examples and one attention map.</summary>
public sealed record DialogueResult(AttentionSeq2SeqModel Model, SequencePairs Data, TrainingHistory History, double GreedyExactMatch, double BeamExactMatch,
    IReadOnlyList<Reply> Examples, string[] HeatmapSource, string[] HeatmapTarget, float[,] Attention, TimeSpan Elapsed);

/// <summary>
/// Exercise 14, attention seq2seq for dialogue: a GRU encoder–decoder with Bahdanau (additive)
/// attention, trained with teacher forcing on synthetic question → answer pairs, then asked to answer
/// on its own with greedy and beam-search decoding (both stop at EOS or a maximum length). The attention
/// heatmap shows the answer's content words ("paris", "cold") reading the question's key word.
/// </summary>
public static class AttentionSeq2SeqLesson
{
    public static DialogueResult Train(RunMode mode, Device? device = null, int evaluated = 300)
    {
        var size = DialogueSize.For(mode);
        device ??= Devices.Default;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var data = QuestionAnswers.Generate(size.Pairs, seed: Seed.Current);
        using var all = data.ToDataset();
        var split = all.Split(validation: 0.1);
        var specials = SpecialTokens.Default;
        var model = new AttentionSeq2SeqModel(data.SourceVocabulary.Count, data.TargetVocabulary.Count, specials, size.EmbeddingSize, size.HiddenSize).to(device);
        var trainer = TeacherForcing.CreateTrainer(model, optim.Adam(model.parameters(), size.LearningRate), specials.Pad);
        var history = trainer.Fit(new DataLoader(split.Train, size.BatchSize, shuffle: true, device: device),
            new DataLoader(split.Validation, 256, device: device), size.Epochs);

        model.eval();
        var maxLength = (int)all.Tensors[1].shape[1];
        using var held = split.Validation.Subset(Enumerable.Range(0, (int)Math.Min(evaluated, split.Validation.Count)).Select(i => (long)i).ToArray());
        var sources = held.Tensors[0].to(device);
        var greedy = model.Greedy(sources, maxLength);
        var beam = Enumerable.Range(0, (int)held.Count).Select(i => model.Beam(sources[i..(i + 1)], size.BeamWidth, maxLength).Tokens).ToArray();
        var greedyExact = TeacherForcing.ExactMatch(greedy.Tokens, held.Tensors[1], specials);
        var beamExact = TeacherForcing.ExactMatch(beam, held.Tensors[1], specials);
        string Words(Vocabulary v, IEnumerable<long> ids) => v.Decode(ids, " ");
        var examples = Enumerable.Range(0, 8).Select(i => new Reply(
            Words(data.SourceVocabulary, held.Tensors[0][i].data<long>().ToArray()), Words(data.TargetVocabulary, held.Tensors[1][i].data<long>().ToArray()),
            Words(data.TargetVocabulary, greedy.Tokens[i]), Words(data.TargetVocabulary, beam[i]))).ToArray();

        var sourceIds = held.Tensors[0][0].data<long>().ToArray().TakeWhile(id => id != Vocabulary.Pad).ToArray();
        var heatmap = new float[greedy.Attention[0].Length, sourceIds.Length];
        for (var t = 0; t < heatmap.GetLength(0); t++)
            for (var s = 0; s < sourceIds.Length; s++) heatmap[t, s] = greedy.Attention[0][t][s];
        var result = new DialogueResult(model, data, history, greedyExact, beamExact, examples,
            sourceIds.Select(id => data.SourceVocabulary.Token((int)id)).ToArray(),
            greedy.Tokens[0].Select(id => data.TargetVocabulary.Token((int)id)).ToArray(), heatmap, clock.Elapsed);
        split.Train.Dispose(); split.Validation.Dispose(); split.Test.Dispose();
        return result;
    }
}
