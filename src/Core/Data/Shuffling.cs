namespace NeuralNotebooks.Data;

/// <summary>Seeded permutations from <see cref="System.Random"/>, so data order never depends on torch's generator.</summary>
public static class Shuffling
{
    /// <summary>A uniformly random order of 0..count-1 (Fisher–Yates).</summary>
    public static long[] Permutation(long count, Random random)
    {
        var order = new long[count];
        for (long i = 0; i < count; i++) order[i] = i;
        for (var i = count - 1; i > 0; i--)
        {
            var j = random.NextInt64(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
