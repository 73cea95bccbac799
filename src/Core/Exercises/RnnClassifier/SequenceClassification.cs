using NeuralNotebooks.Runtime;
using NeuralNotebooks.Data;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.RnnClassifier;

/// <summary>
/// Training glue for classifiers of padded token sequences, i.e. models called as model(tokens, lengths).
/// Their data sets hold three tensors per example: tokens (T) int64, the label, and the length; the
/// trainer's custom-step form calls the model with both inputs. Gradients are clipped, which recurrent
/// models need (an exploding step otherwise undoes an epoch).
/// </summary>
public static class SequenceClassification
{
    /// <summary>Tokens (N, T), labels (N), lengths (N) as one data set, in that order.</summary>
    public static TensorDataset Dataset(Tensor tokens, Tensor labels, Tensor lengths, string source) =>
        new([tokens, labels, lengths], source);

    /// <summary>A trainer for models taking (tokens, lengths): cross-entropy, gradient clipping, accuracy.</summary>
    /// <param name="model">The classifier.</param>
    /// <param name="optimizer">The optimizer over the model's parameters.</param>
    /// <param name="clipGradNorm">Maximum gradient norm (recurrent nets need clipping).</param>
    /// <param name="classWeights">Optional per-class loss weights (C), e.g. inverse class frequencies for unbalanced data.</param>
    /// <param name="options">Further trainer options (observers, early stopping).</param>
    public static Trainer Trainer(nn.Module<Tensor, Tensor, Tensor> model, optim.Optimizer optimizer, double clipGradNorm = 1.0, Tensor? classWeights = null, TrainerOptions? options = null) =>
        new(
            step: batch =>
            {
                optimizer.zero_grad();
                var logits = model.call(batch[0], batch[2]);
                var loss = nn.functional.cross_entropy(logits, batch[1], weight: classWeights);
                loss.backward();
                nn.utils.clip_grad_norm_(model.parameters(), clipGradNorm);
                optimizer.step();
                return Measure(loss, logits, batch[1]);
            },
            evaluate: batch =>
            {
                var logits = model.call(batch[0], batch[2]);
                return Measure(nn.functional.cross_entropy(logits, batch[1], weight: classWeights), logits, batch[1]);
            },
            modules: [model],
            options: options);

    /// <summary>The model's predicted class for every example, in data-set order (eval mode, no gradients).</summary>
    public static long[] Predict(nn.Module<Tensor, Tensor, Tensor> model, TensorDataset data, int batchSize = 256) =>
        Predict(model, data, batch => model.call(batch[0], batch[2]), batchSize);

    /// <summary>The arg-max of <paramref name="scores"/> for every example of <paramref name="data"/>, batch by batch on the model's device.</summary>
    public static long[] Predict(nn.Module model, TensorDataset data, Func<Batch, Tensor> scores, int batchSize = 256)
    {
        model.eval();
        using var noGrad = no_grad();
        var device = Devices.Of(model);
        var predictions = new List<long>((int)data.Count);
        foreach (var batch in new DataLoader(data, batchSize, device: device))
        {
            using var scope = NewDisposeScope();
            predictions.AddRange(scores(batch).argmax(-1).cpu().data<long>().ToArray());
        }
        return predictions.ToArray();
    }

    static Dictionary<string, double> Measure(Tensor loss, Tensor logits, Tensor labels) => new()
    {
        ["loss"] = loss.item<float>(),
        ["accuracy"] = Metrics.Accuracy(logits.detach(), labels),
    };
}
