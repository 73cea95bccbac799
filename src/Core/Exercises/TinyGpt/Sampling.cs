using NeuralNotebooks.Runtime;
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

    /// <summary>
    /// Continues <paramref name="prompt"/> by <paramref name="count"/> tokens with a language model (tokens (1, t) →
    /// logits (1, t, V)), sampling each from softmax(logits / temperature) restricted to the top-k (k = 0: all).
    /// Only the last <paramref name="contextLength"/> tokens are fed back; inputs are made on the model's device.
    /// Deterministic for a given <paramref name="generator"/>. <paramref name="banned"/> ids (padding, unknown) are never sampled.
    /// </summary>
    public static long[] Generate(nn.Module<Tensor, Tensor> model, long contextLength, IReadOnlyList<long> prompt, int count,
        double temperature = 1.0, int topK = 0, Generator? generator = null, IReadOnlyCollection<long>? banned = null)
    {
        if (prompt.Count == 0) throw new ArgumentException("the prompt needs at least one token.");
        var device = Devices.Of(model);
        var tokens = prompt.ToList();
        model.eval();
        using var _ = no_grad();
        for (var i = 0; i < count; i++)
        {
            using var scope = NewDisposeScope();
            var context = tokens.Skip(Math.Max(0, tokens.Count - (int)contextLength)).ToArray();
            var logits = model.call(tensor(context, dtype: ScalarType.Int64, device: device).unsqueeze(0))[0, -1];   // (V) for the next token
            if (banned is { Count: > 0 })
                logits = logits.index_fill(0, tensor(banned.ToArray(), device: device), double.NegativeInfinity);
            tokens.Add(Next(logits.cpu(), temperature, topK, generator));
        }
        return tokens.Skip(prompt.Count).ToArray();
    }
}
