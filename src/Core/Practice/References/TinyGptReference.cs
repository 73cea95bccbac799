using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice.References;

/// <summary>
/// Exercise 17's reference: the causal mask of a decoder-only model (true = may attend: the past and itself), and
/// drawing the next token from logits with temperature and top-k, as the course's TinyGpt Sampling does.
/// </summary>
public sealed class TinyGptReference
{
    #region Exercise17
    Tensor CausalMask(int length)
    {
        // (T, T): row t is the query at position t, column s the key; t may read s ≤ t (the past and itself), never the future.
        return torch.ones(length, length, dtype: ScalarType.Bool).tril();
    }

    long SampleNext(Tensor logits, double temperature, int topK, Generator generator)
    {
        // logits: (V). Temperature divides: below 1 sharpens toward the argmax, above 1 flattens toward uniform.
        var scaled = logits.to(ScalarType.Float64) / temperature;
        if (topK > 0 && topK < scaled.shape[0])
        {
            // Keep the k largest: everything below the k-th gets −∞ before the one softmax, so it gets probability 0.
            var kth = scaled.topk(topK).values[-1];
            scaled = scaled.masked_fill(scaled.lt(kth), double.NegativeInfinity);
        }
        // softmax subtracts the maximum, so logits ×1e4 or a tiny temperature do not overflow.
        var probabilities = scaled.softmax(-1);
        return torch.multinomial(probabilities, 1, generator: generator).item<long>();
    }
    #endregion

    /// <summary>The reference as the grader calls it.</summary>
    public static Delegate[] Functions()
    {
        var r = new TinyGptReference();
        return [new Func<int, Tensor>(r.CausalMask), new Func<Tensor, double, int, Generator, long>(r.SampleNext)];
    }
}
