using NeuralNotebooks.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.SelfAttention;

/// <summary>The reversal task's data: random token sequences and their reversals.</summary>
public static class ReversalData
{
    /// <summary><paramref name="count"/> sequences of <paramref name="length"/> tokens in [0, <paramref name="vocabulary"/>), as (inputs, targets = inputs reversed).</summary>
    public static TensorDataset Generate(int count, int vocabulary, int length, int seed)
    {
        using var scope = NewDisposeScope();
        var tokens = randint(0, vocabulary, [count, length], generator: new Generator((ulong)seed));
        return new TensorDataset([tokens, tokens.flip(1)], $"{count} random sequences of {length} tokens (0..{vocabulary - 1}) and their reversals");
    }
}
