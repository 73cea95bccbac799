using NeuralNotebooks.Blocks;
using NeuralNotebooks.Data;
using NeuralNotebooks.Runtime;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.SelfAttention;

/// <summary>Sizes of the self-attention lesson for a run mode.</summary>
public sealed record SelfAttentionSize(int Vocabulary, int Length, int Examples, int Epochs, int BatchSize, int ModelSize, int Heads)
{
    public static SelfAttentionSize For(RunMode mode) => mode == RunMode.Quick
        ? new(10, 8, 3000, 3, 64, 64, 2)
        : new(10, 12, 40000, 10, 128, 64, 2);
}

/// <summary>What the lesson produced: the trained model, its history, held-out accuracy, and one example's attention per head (T, T).</summary>
public sealed record SelfAttentionResult(ReversalModel Model, TrainingHistory History, double TokenAccuracy, double SequenceAccuracy,
    long[] Example, long[] Predicted, float[][,] AttentionPerHead, TimeSpan Elapsed);

/// <summary>
/// Exercise 5, self-attention from scratch. Scaled dot-product attention and multi-head attention with
/// learned Q/K/V projections, head split/merge and boolean padding/causal masks
/// (<see cref="NeuralNotebooks.Exercises.Transformer.MultiHeadAttention"/>), checked against TorchSharp's
/// own implementations in values and gradients (<see cref="TorchAgreement"/>), then trained in a model
/// where one attention layer must do all the work (reversing a sequence), so the attention weights can
/// be plotted and read: position i looks at position T−1−i.
/// </summary>
public static class SelfAttentionLesson
{
    public static SelfAttentionResult Train(RunMode mode, Device? device = null)
    {
        var size = SelfAttentionSize.For(mode);
        device ??= Devices.Default;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var all = ReversalData(size.Examples, size.Vocabulary, size.Length);
        var split = all.Split(validation: 0.1);
        var model = new ReversalModel(size.Vocabulary, size.Length, size.ModelSize, size.Heads).to(device);
        var trainer = new Trainer(model, TokenCrossEntropy.Compute, optim.Adam(model.parameters(), 3e-3), new TrainerOptions { Metrics = [Metric.Accuracy] });
        var history = trainer.Fit(new DataLoader(split.Train, size.BatchSize, shuffle: true, device: device),
            new DataLoader(split.Validation, 256, device: device), size.Epochs);

        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var inputs = split.Validation.Inputs.to(device);
        var predicted = model.call(inputs).argmax(-1);                                         // (N, T)
        var correct = predicted.eq(split.Validation.Targets.to(device));
        var sequenceAccuracy = correct.all(1).to(ScalarType.Float64).mean().item<double>();
        model.Attention.KeepWeights = true;
        model.call(inputs[..1]);
        var weights = model.Attention.LastWeights![0];                                          // (H, T, T)
        model.Attention.KeepWeights = false;
        var perHead = Enumerable.Range(0, size.Heads).Select(h => AttentionWeights.ToMatrix(weights[h])).ToArray();
        var result = new SelfAttentionResult(model, history, history.Last("accuracy") ?? 0, sequenceAccuracy,
            inputs[0].cpu().data<long>().ToArray(), predicted[0].cpu().data<long>().ToArray(), perHead, clock.Elapsed);
        split.Train.Dispose(); split.Validation.Dispose(); split.Test.Dispose();
        return result;
    }

    /// <summary>Random token sequences and their reversals, as (inputs, targets).</summary>
    public static TensorDataset ReversalData(int count, int vocabulary, int length)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator((ulong)Seed.Random.Next());
        var tokens = randint(0, vocabulary, [count, length], generator: generator);
        return new TensorDataset([tokens, tokens.flip(1)], $"{count} random sequences of {length} tokens (0..{vocabulary - 1}) and their reversals");
    }
}
