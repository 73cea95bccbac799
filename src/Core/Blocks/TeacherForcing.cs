using NeuralNotebooks.Data;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Blocks;

/// <summary>
/// Training an encoder–decoder with teacher forcing: the decoder is fed the TRUE target shifted right
/// (BOS y1 … y(n−1)) and asked for y1 … yn EOS at every position at once. Batches are
/// (source [B, S], target [B, T] = BOS … EOS PAD…) as the synthetic sequence-pair data sets give them.
/// </summary>
public static class TeacherForcing
{
    /// <summary>target (B, T) → decoder input (B, T−1) and what it must predict (B, T−1).</summary>
    public static (Tensor Input, Tensor Expected) Shift(Tensor target) => (target[.., ..^1], target[.., 1..]);

    /// <summary>
    /// A custom-step <see cref="Trainer"/> for any model (source, target input) → logits (B, T, V). One step: shift the
    /// target, forward, <paramref name="loss"/>(logits, expected), backward, clip the gradient norm, optimizer step;
    /// <paramref name="schedule"/>, if given, is stepped after every batch. Validation runs the same loss. Both report
    /// "loss" and "token_accuracy" (over non-padding positions).
    /// </summary>
    public static Trainer CreateTrainer(nn.Module<Tensor, Tensor, Tensor> model, optim.Optimizer optimizer, Func<Tensor, Tensor, Tensor> loss,
        long padId, double clipGradNorm = 1.0, optim.lr_scheduler.LRScheduler? schedule = null)
    {
        Dictionary<string, double> Measure(Tensor logits, Tensor expected, Tensor lossValue)
        {
            var real = expected.ne(padId);
            var correct = logits.argmax(-1).eq(expected).logical_and(real).sum().item<long>();
            return new() { ["loss"] = lossValue.item<float>(), ["token_accuracy"] = correct / (double)Math.Max(1, real.sum().item<long>()) };
        }
        return new Trainer(
            step: batch =>
            {
                var (input, expected) = Shift(batch[1]);
                optimizer.zero_grad();
                var logits = model.call(batch[0], input);                                       // (B, T−1, V)
                var lossValue = loss(logits, expected);
                lossValue.backward();
                nn.utils.clip_grad_norm_(model.parameters(), clipGradNorm);
                optimizer.step();
                return Measure(logits.detach(), expected, lossValue.detach());
            },
            evaluate: batch =>
            {
                var (input, expected) = Shift(batch[1]);
                var logits = model.call(batch[0], input);
                return Measure(logits, expected, loss(logits, expected));
            },
            modules: [model],
            options: new TrainerOptions { Scheduler = schedule, SchedulerPerStep = true });
    }

    /// <summary>Fraction of rows whose decoded ids equal the reference target (B, T) = BOS … EOS PAD… exactly.</summary>
    public static double ExactMatch(IReadOnlyList<long[]> decoded, Tensor targets, SpecialTokens specials)
    {
        var references = SequenceDecoding.Trim(targets, specials);
        return decoded.Zip(references).Count(p => p.First.SequenceEqual(p.Second)) / (double)Math.Max(1, decoded.Count);
    }
}
