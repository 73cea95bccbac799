using NeuralNotebooks.Blocks;
using NeuralNotebooks.Data;
using NeuralNotebooks.Data.Synthetic;
using NeuralNotebooks.Runtime;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.TransformerTranslation;

/// <summary>
/// Sizes of the translation lesson for a run mode. No dropout: every epoch sees thousands of new
/// dates and the model underfits rather than overfits, so dropout would only slow it down.
/// </summary>
public sealed record TranslationSize(int Pairs, int Epochs, int BatchSize, int ModelSize, int Heads, int Layers, int HiddenSize,
    double LearningRate, double Dropout = 0.0, double WarmupFraction = 0.1)
{
    public static TranslationSize For(RunMode mode) => mode == RunMode.Quick
        ? new(6000, 4, 64, 64, 4, 2, 128, 5e-3)
        : new(30000, 8, 128, 128, 4, 3, 256, 2e-3);
}

/// <summary>One translated example: the human-written date, the reference, the model's answer.</summary>
public sealed record Translation(string Source, string Reference, string Predicted)
{
    public bool Correct => Reference == Predicted;
}

/// <summary>The trained translator, its history, exact-match accuracy on held-out dates, examples and one cross-attention map.</summary>
public sealed record TranslationResult(TransformerTranslator Model, SequencePairs Data, TrainingHistory History, double ExactMatch,
    IReadOnlyList<Translation> Examples, string[] HeatmapSource, string[] HeatmapTarget, float[,] CrossAttention, TimeSpan Elapsed);

/// <summary>
/// Exercise 15, Transformer translation: a full encoder–decoder Transformer (our attention, pre-norm
/// blocks, causal mask in the decoder, cross-attention to the encoder), trained with teacher forcing
/// and label smoothing to turn human-written dates ("tue 3 mar 1987", "the 5th of May 2003") into ISO
/// dates, decoded greedily and scored by exact match. The cross-attention map shows which source
/// characters each output character read (the year digits read the year, the month the month name).
/// </summary>
public static class TransformerTranslationLesson
{
    public static TranslationResult Train(RunMode mode, Device? device = null) => Train(TranslationSize.For(mode), device);

    public static TranslationResult Train(TranslationSize size, Device? device = null)
    {
        device ??= Devices.Default;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var data = HumanDates.Generate(size.Pairs, seed: Seed.Current);
        using var all = data.ToDataset();
        var split = all.Split(validation: 0.1);
        var specials = SpecialTokens.Default;
        var maxLength = Math.Max(all.Tensors[0].shape[1], all.Tensors[1].shape[1]) + 2;
        var model = new TransformerTranslator(data.SourceVocabulary.Count, data.TargetVocabulary.Count, maxLength, specials,
            size.ModelSize, size.Heads, size.Layers, size.Layers, size.HiddenSize, size.Dropout).to(device);
        var trainLoader = new DataLoader(split.Train, size.BatchSize, shuffle: true, device: device);
        var optimizer = optim.Adam(model.parameters(), size.LearningRate);
        var totalSteps = trainLoader.Count * size.Epochs;
        var warmup = Math.Max(1, (int)(totalSteps * size.WarmupFraction));
        var schedule = optim.lr_scheduler.LambdaLR(optimizer, step => WarmupCosine(step, warmup, totalSteps));
        var trainer = TeacherForcing.CreateTrainer(model, optimizer, specials.Pad, labelSmoothing: 0.1, schedule: schedule);
        var history = trainer.Fit(trainLoader, new DataLoader(split.Validation, 256, device: device), size.Epochs);

        model.eval();
        var targetLength = (int)all.Tensors[1].shape[1];
        var decoded = new List<long[]>();
        foreach (var batch in new DataLoader(split.Validation, 256, device: device))
            using (NewDisposeScope()) decoded.AddRange(model.Translate(batch[0], targetLength));
        var exact = TeacherForcing.ExactMatch(decoded, split.Validation.Tensors[1], specials);
        var examples = Enumerable.Range(0, 8).Select(i => new Translation(
            data.SourceVocabulary.Decode(split.Validation.Tensors[0][i].data<long>().ToArray()),
            data.TargetVocabulary.Decode(split.Validation.Tensors[1][i].data<long>().ToArray()),
            data.TargetVocabulary.Decode(decoded[i]))).ToArray();
        var (sourceTokens, targetTokens, map) = CrossAttentionMap(model, data, split.Validation.Tensors[0][..1], decoded[0], device);
        split.Train.Dispose(); split.Validation.Dispose(); split.Test.Dispose();
        return new TranslationResult(model, data, history, exact, examples, sourceTokens, targetTokens, map, clock.Elapsed);
    }

    /// <summary>
    /// Learning-rate factor at a step: linear warm-up from ~0 to 1 over <paramref name="warmup"/> steps
    /// (Adam's early steps are noisy and attention logits can saturate), then cosine decay to 0 at
    /// <paramref name="total"/> (large steps early, fine steps at the end, which exact match needs).
    /// </summary>
    public static double WarmupCosine(int step, int warmup, int total)
    {
        if (step < warmup) return (step + 1.0) / warmup;
        var progress = Math.Min(1.0, (step - warmup) / (double)Math.Max(1, total - warmup));
        return 0.5 * (1 + Math.Cos(Math.PI * progress));
    }

    /// <summary>
    /// The last decoder layer's cross-attention (averaged over heads) while it reads back its own answer:
    /// rows = output characters, columns = source characters. The tensors it makes go to the model's device;
    /// <paramref name="device"/> is not needed for that and is kept only so existing notebooks still compile.
    /// </summary>
    public static (string[] Source, string[] Target, float[,] Weights) CrossAttentionMap(TransformerTranslator model, SequencePairs data,
        Tensor source, long[] answer, Device device)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        device = Devices.Of(model);   // whatever the caller passed: the inputs made here must meet the model on its device
        var sourceIds = source.cpu().data<long>().ToArray().TakeWhile(id => id != Vocabulary.Pad).ToArray();
        var input = tensor(new[] { (long)Vocabulary.Bos }.Concat(answer).ToArray(), dtype: ScalarType.Int64, device: device).unsqueeze(0);
        var cross = model.Decoder.Layers[^1].CrossAttention!;
        cross.KeepWeights = true;
        model.call(tensor(sourceIds, dtype: ScalarType.Int64, device: device).unsqueeze(0), input);
        cross.KeepWeights = false;
        // Input position t (BOS, a0, a1, …) is where answer[t] was predicted: rows 0..n−1.
        var rows = cross.LastWeights![0].mean([0])[..answer.Length];                           // (n, S) averaged over heads
        return (sourceIds.Select(id => data.SourceVocabulary.Token((int)id)).ToArray(),
            answer.Select(id => data.TargetVocabulary.Token((int)id)).ToArray(),
            AttentionWeights.ToMatrix(rows));
    }
}
