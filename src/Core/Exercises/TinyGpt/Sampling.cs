using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.TinyGpt;

/// <summary>
/// Picking the next token from logits. Temperature divides the logits (below 1 sharpens toward the
/// arg-max, above 1 flattens toward uniform); top-k keeps only the k most likely tokens before sampling,
/// so a long tail of individually unlikely tokens cannot add up to a derailing pick.
/// </summary>
public static class Sampling
{
    /// <summary>The probabilities (V) sampling would use for these logits (V).</summary>
    public static Tensor Distribution(Tensor logits, double temperature, int topK)
    {
        if (logits.dim() != 1) throw new ArgumentException($"expected logits of shape [V], got [{string.Join(", ", logits.shape)}].");
        if (temperature <= 0) throw new ArgumentException($"temperature must be positive, got {temperature}.");
        if (topK < 0) throw new ArgumentException($"top-k must be 0 (no limit) or positive, got {topK}.");
        var scaled = logits.to(ScalarType.Float32) / temperature;
        if (topK > 0 && topK < scaled.shape[0])
        {
            var kth = scaled.topk(topK).values[-1];
            scaled = scaled.masked_fill(scaled.lt(kth), double.NegativeInfinity);
        }
        return scaled.softmax(-1);
    }

    /// <summary>One token id drawn from <see cref="Distribution"/>.</summary>
    public static long Next(Tensor logits, double temperature, int topK, Generator? generator = null) =>
        multinomial(Distribution(logits, temperature, topK), 1, generator: generator).item<long>();
}
