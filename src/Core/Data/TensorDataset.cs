using NeuralNotebooks.Runtime;
using TorchSharp;

namespace NeuralNotebooks.Data;

/// <summary>
/// A data set held in memory as tensors whose first dimension is the example index (inputs, targets,
/// and any extra per-example tensors such as sequence lengths). The tensors are kept outside every
/// dispose scope, so training loops cannot free them; <see cref="Dispose"/> does.
/// <see cref="Source"/> says where the examples came from (a file path, a download, or an announced
/// synthetic fallback) so a notebook can print it.
/// </summary>
public sealed class TensorDataset : IDisposable
{
    public TensorDataset(params torch.Tensor[] tensors) : this(tensors, "in-memory tensors") { }

    public TensorDataset(IReadOnlyList<torch.Tensor> tensors, string source)
    {
        if (tensors.Count == 0) throw new ArgumentException("A dataset needs at least one tensor (inputs, then targets).");
        var count = tensors[0].shape.Length == 0 ? -1 : tensors[0].shape[0];
        for (var i = 0; i < tensors.Count; i++)
        {
            if (tensors[i].shape.Length == 0 || tensors[i].shape[0] != count)
                throw new ArgumentException(
                    $"Every tensor of a dataset must have the example count as its first dimension; tensor 0 has shape " +
                    $"[{string.Join(", ", tensors[0].shape)}] but tensor {i} has shape [{string.Join(", ", tensors[i].shape)}].");
        }
        Tensors = tensors.Select(t => t.DetachFromDisposeScope()).ToArray();
        Count = count;
        Source = source;
    }

    public IReadOnlyList<torch.Tensor> Tensors { get; }
    public long Count { get; }

    /// <summary>Where the examples came from, in words a notebook prints.</summary>
    public string Source { get; }

    public torch.Tensor Inputs => Tensors[0];

    public torch.Tensor Targets => Tensors.Count > 1 ? Tensors[1]
        : throw new InvalidOperationException("This dataset was built from one tensor, so it has no targets.");

    /// <summary>The examples at the given rows, as a batch on the given device (in the current dispose scope).</summary>
    public Batch Take(IReadOnlyList<long> rows, torch.Device? device = null)
    {
        using var index = torch.tensor(rows.ToArray(), dtype: torch.int64);
        var target = device ?? Tensors[0].device;
        return new Batch(Tensors.Select(t => t.index_select(0, index).to(target)).ToArray());
    }

    /// <summary>A new dataset of the given rows (copied; this one is unchanged).</summary>
    public TensorDataset Subset(IReadOnlyList<long> rows, string? source = null)
    {
        using var scope = torch.NewDisposeScope();
        using var index = torch.tensor(rows.ToArray(), dtype: torch.int64);
        var parts = Tensors.Select(t => t.index_select(0, index)).ToArray();
        return new TensorDataset(parts, source ?? Source);
    }

    /// <summary>A new dataset of the first <paramref name="count"/> examples (copied; this one is unchanged), or all when there are fewer.</summary>
    public TensorDataset First(int count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "count must be >= 0.");
        var rows = Enumerable.Range(0, (int)Math.Min(count, Count)).Select(i => (long)i).ToArray();
        return Subset(rows, count >= Count ? Source : $"{Source}, first {count}");
    }

    /// <summary>
    /// Shuffles the rows (with <paramref name="seed"/>, else <see cref="Seed.Random"/>) and cuts them into
    /// train / validation / test parts; the fractions of validation and test are rounded to whole
    /// examples and the rest is training data.
    /// </summary>
    public DatasetSplits Split(double validation, double test = 0, int? seed = null)
    {
        if (validation < 0 || test < 0 || validation + test >= 1)
            throw new ArgumentException($"Split fractions must be >= 0 and leave some training data; got validation {validation}, test {test}.");
        var order = Shuffling.Permutation(Count, seed is int s ? new Random(s) : Seed.Random);
        var validationCount = (long)Math.Round(Count * validation);
        var testCount = (long)Math.Round(Count * test);
        var trainCount = Count - validationCount - testCount;
        return new DatasetSplits(
            Subset(order[..(int)trainCount]),
            Subset(order[(int)trainCount..(int)(trainCount + validationCount)]),
            Subset(order[(int)(trainCount + validationCount)..]));
    }

    public void Dispose()
    {
        foreach (var t in Tensors) t.Dispose();
    }

    public override string ToString() =>
        $"TensorDataset: {Count} examples, tensors {string.Join(", ", Tensors.Select(t => $"[{string.Join(", ", t.shape)}] {t.dtype}"))}; source: {Source}";
}

/// <summary>A data set cut into the usual three parts. Each part is a copy: disposing the splits frees all three.</summary>
public sealed record DatasetSplits(TensorDataset Train, TensorDataset Validation, TensorDataset Test) : IDisposable
{
    public void Dispose()
    {
        Train.Dispose();
        Validation.Dispose();
        Test.Dispose();
    }
}
