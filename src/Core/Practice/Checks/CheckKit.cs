using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice.Checks;

/// <summary>What every exercise's check uses: seeded random inputs, finiteness, and running properties in order.</summary>
public sealed class CheckKit(int seed)
{
    readonly Random random = new(seed);
    readonly Generator generator = new((ulong)seed);

    public int Int(int min, int maxInclusive) => random.Next(min, maxInclusive + 1);

    /// <summary>Batch sizes to try: 1 always (the size most often mishandled), then two random ones.</summary>
    public int[] Batches() => [1, Int(2, 5), Int(6, 9)];

    public Tensor Randn(ScalarType dtype, params long[] shape) => torch.randn(shape, dtype: dtype, generator: generator);
    public Tensor Rand(ScalarType dtype, params long[] shape) => torch.rand(shape, dtype: dtype, generator: generator);
    public Tensor RandInt(long high, params long[] shape) => torch.randint(high, shape, generator: generator);

    public static bool Finite(params Tensor[] tensors) => tensors.All(t => t.isfinite().all().item<bool>());

    /// <summary>
    /// Runs the properties in order, each in a dispose scope; once one fails, the properties that rely on it
    /// (Needs: by name) are NotChecked with the reason.
    /// </summary>
    public static IReadOnlyList<PropertyResult> InOrder(params (string Name, string[] Needs, Func<PropertyResult> Check)[] properties)
    {
        var results = new List<PropertyResult>();
        foreach (var (name, needs, check) in properties)
        {
            var blocking = results.FirstOrDefault(r => needs.Contains(r.Name) && r.Outcome != PropertyOutcome.Passed);
            if (blocking is not null) { results.Add(PropertyResult.Skip(name, $"not checked: it needs '{blocking.Name}' to pass first.")); continue; }
            using var scope = NewDisposeScope();
            results.Add(check());
        }
        return results;
    }
}
