using TorchSharp;

namespace NeuralNotebooks.Training;

/// <summary>Plain functions that measure predictions; each returns a number (or a small matrix), never a tensor to dispose.</summary>
public static class Metrics
{
    /// <summary>
    /// Fraction of correct predictions. Scores of shape [..., C] against class indices [...] use the
    /// arg-max class; scores of the same shape as 0/1 targets are binary logits, thresholded at 0.
    /// </summary>
    public static double Accuracy(torch.Tensor scores, torch.Tensor targets)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        torch.Tensor predicted;
        if (scores.dim() == targets.dim() + 1) predicted = scores.argmax(-1);
        else if (scores.shape.SequenceEqual(targets.shape)) predicted = scores.gt(0).to_type(targets.dtype);
        else throw new ArgumentException(
            $"Accuracy needs scores [..., C] with class targets [...] or binary logits shaped like the targets; got scores [{string.Join(", ", scores.shape)}] and targets [{string.Join(", ", targets.shape)}].");
        return predicted.eq(targets.to(predicted.device)).to_type(torch.float64).mean().item<double>();
    }

    /// <summary>Fraction of predicted class ids (e.g. from Predictions.Classes) equal to the targets.</summary>
    public static double Accuracy(long[] predicted, torch.Tensor targets)
    {
        var t = targets.reshape(-1).to_type(torch.int64).cpu().data<long>().ToArray();
        if (predicted.Length != t.Length) throw new ArgumentException($"{predicted.Length} predictions but {t.Length} targets.");
        if (t.Length == 0) throw new ArgumentException("Accuracy of no examples is undefined.");
        return predicted.Where((p, i) => p == t[i]).Count() / (double)t.Length;
    }

    /// <summary>counts[actual, predicted] for predicted class ids, for classes 0..classes-1.</summary>
    public static long[,] ConfusionMatrix(long[] predicted, torch.Tensor targets, int classes)
    {
        using var ids = torch.tensor(predicted);
        return ConfusionMatrix(ids, targets, classes);
    }

    /// <summary>Mean of the per-class recalls of a confusion matrix [actual, predicted]: 0.5 for a two-class majority guesser, whatever the mix.</summary>
    public static double BalancedAccuracy(long[,] confusion)
    {
        var classes = confusion.GetLength(0);
        return Enumerable.Range(0, classes)
            .Select(c => (Correct: confusion[c, c], Total: Enumerable.Range(0, classes).Sum(p => confusion[c, p])))
            .Where(r => r.Total > 0)
            .Average(r => (double)r.Correct / r.Total);
    }

    /// <summary>The largest class's share of a confusion matrix [actual, predicted]: the accuracy of always answering that class.</summary>
    public static double MajorityShare(long[,] confusion)
    {
        var classes = confusion.GetLength(0);
        var totals = Enumerable.Range(0, classes).Select(c => Enumerable.Range(0, classes).Sum(p => confusion[c, p])).ToArray();
        return (double)totals.Max() / totals.Sum();
    }

    /// <summary>counts[actual, predicted] over all examples, for classes 0..classes-1.</summary>
    public static long[,] ConfusionMatrix(torch.Tensor predictedOrScores, torch.Tensor targets, int classes)
    {
        using var scope = torch.NewDisposeScope();
        var predicted = predictedOrScores.dim() == targets.dim() + 1 ? predictedOrScores.argmax(-1) : predictedOrScores;
        var p = predicted.reshape(-1).to_type(torch.int64).cpu().data<long>().ToArray();
        var t = targets.reshape(-1).to_type(torch.int64).cpu().data<long>().ToArray();
        if (p.Length != t.Length) throw new ArgumentException($"{p.Length} predictions but {t.Length} targets.");
        var counts = new long[classes, classes];
        for (var i = 0; i < p.Length; i++)
        {
            if (t[i] < 0 || t[i] >= classes || p[i] < 0 || p[i] >= classes)
                throw new ArgumentException($"Class out of range 0..{classes - 1}: target {t[i]}, predicted {p[i]} (example {i}).");
            counts[t[i], p[i]]++;
        }
        return counts;
    }

    /// <summary>Peak signal-to-noise ratio, 10·log10(max² / MSE), in dB, over the whole batch.</summary>
    public static double Psnr(torch.Tensor output, torch.Tensor target, double maxValue = 1.0)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var mse = (output.to_type(torch.float64) - target.to_type(torch.float64).to(output.device)).square().mean().item<double>();
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(maxValue * maxValue / mse);
    }
}
