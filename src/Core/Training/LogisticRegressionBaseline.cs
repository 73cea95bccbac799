using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Training;

/// <summary>
/// The strongest simple baseline for a classifier: multinomial logistic regression on fixed features (pixels, a bag of
/// characters…), class-weighted cross-entropy, its L2 strength picked on the validation set by balanced accuracy.
/// A network's claim to have learned something is worth only its margin over this.
/// </summary>
public sealed class LogisticRegressionBaseline
{
    readonly Tensor weight, bias;   // (F, C), (C)

    /// <summary>The L2 strength the validation set chose, and the validation balanced accuracy it reached.</summary>
    public double L2 { get; }
    public double ValidationBalancedAccuracy { get; }

    LogisticRegressionBaseline(Tensor weight, Tensor bias, double l2, double validation) =>
        (this.weight, this.bias, L2, ValidationBalancedAccuracy) = (weight, bias, l2, validation);

    /// <summary>
    /// Fits one model per L2 strength on features (N, F) with labels (N), all of them at once (one batched matrix product
    /// per step, full-batch Adam, <paramref name="steps"/> steps), and keeps the one with the best validation balanced accuracy.
    /// Deterministic (zero start), on the CPU.
    /// </summary>
    public static LogisticRegressionBaseline Fit(Tensor trainFeatures, Tensor trainLabels, Tensor validationFeatures, Tensor validationLabels,
        int classes, double[]? l2Grid = null, int steps = 100, double learningRate = 0.1)
    {
        var grid = l2Grid ?? [1e-4, 1e-3, 1e-2, 1e-1];
        Tensor w, b;
        using (var scope = NewDisposeScope())
        {
            var (x, y) = (trainFeatures.cpu().to_type(float32), trainLabels.cpu().to_type(int64));
            var counts = y.bincount(null, classes).to_type(float32).clamp_min(1);
            var weights = counts.sum() / (classes * counts);                                    // inverse class frequency
            var (models, rows) = (grid.Length, x.shape[0]);
            var wp = new TorchSharp.Modules.Parameter(zeros(models, x.shape[1], classes));     // (G, F, C): one model per L2 strength
            var bp = new TorchSharp.Modules.Parameter(zeros(models, 1, classes));
            var l2 = tensor(grid, dtype: float32).view(models, 1, 1);
            using var optimizer = optim.Adam([wp, bp], learningRate);
            for (var step = 0; step < steps; step++)
            {
                using var stepScope = NewDisposeScope();
                optimizer.zero_grad();
                var logits = matmul(x.unsqueeze(0), wp) + bp;                                     // (G, N, C)
                var loss = nn.functional.cross_entropy(logits.reshape(-1, classes), y.repeat(models), weight: weights) * models
                         + (l2 * wp.pow(2)).sum() / 2;                                             // the models' losses are independent
                loss.backward();
                optimizer.step();
            }
            w = wp.detach().MoveToOuterDisposeScope();
            b = bp.detach().MoveToOuterDisposeScope();
        }
        LogisticRegressionBaseline? best = null;
        for (var g = 0; g < grid.Length; g++)
        {
            var candidate = new LogisticRegressionBaseline(w[g], b[g, 0], grid[g], 0);
            var score = Metrics.BalancedAccuracy(Metrics.ConfusionMatrix(candidate.Predict(validationFeatures), validationLabels, classes));
            if (best is null || score > best.ValidationBalancedAccuracy) best = new LogisticRegressionBaseline(w[g], b[g, 0], grid[g], score);
        }
        return best!;
    }

    /// <summary>The predicted class of every row of features (N, F).</summary>
    public long[] Predict(Tensor features)
    {
        using var scope = NewDisposeScope();
        return (features.cpu().to_type(float32).matmul(weight) + bias).argmax(-1).data<long>().ToArray();
    }
}

/// <summary>Bag-of-tokens features for the logistic-regression baseline: what a text contains, with its order thrown away.</summary>
public static class BagOfTokens
{
    /// <summary>
    /// Features (N, V + buckets) of padded token ids (N, T) with lengths (N): 1 for each token the text contains, then
    /// 1 for each adjacent pair it contains, hashed into <paramref name="bigramBuckets"/> buckets (0 for unigrams only).
    /// </summary>
    public static Tensor Features(Tensor tokens, Tensor lengths, long vocabularySize, int bigramBuckets = 1024)
    {
        var ids = tokens.cpu().to_type(int64).data<long>().ToArray();
        var n = lengths.cpu().to_type(int64).data<long>().ToArray();
        var (rows, width) = ((int)tokens.shape[0], (int)tokens.shape[1]);
        var features = new float[rows * (vocabularySize + bigramBuckets)];
        for (var r = 0; r < rows; r++)
        {
            var length = (int)n[r];
            var offset = r * (vocabularySize + bigramBuckets);
            for (var t = 0; t < length; t++)
            {
                features[offset + ids[r * width + t]] = 1f;
                if (bigramBuckets > 0 && t > 0)
                    features[offset + vocabularySize + (ids[r * width + t - 1] * 7919 + ids[r * width + t]) % bigramBuckets] = 1f;
            }
        }
        return tensor(features, [rows, vocabularySize + bigramBuckets]);
    }
}
