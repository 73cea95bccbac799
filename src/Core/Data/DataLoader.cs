using System.Collections;
using NeuralNotebooks.Runtime;
using TorchSharp;

namespace NeuralNotebooks.Data;

/// <summary>
/// Cuts a <see cref="TensorDataset"/> into mini-batches on a device, in order or shuffled anew every
/// epoch. Shuffling draws from <c>new Random(seed)</c> when a seed is given, else from a generator
/// seeded once from <see cref="Seed.Random"/> when the loader is made — so after <c>Seed.Set(n)</c>
/// the whole sequence of epochs is reproducible. Each batch's tensors belong to the dispose scope
/// open while it is enumerated (the trainer opens one per step).
/// </summary>
public sealed class DataLoader : IEnumerable<Batch>
{
    readonly Random random;

    public DataLoader(TensorDataset dataset, int batchSize, bool shuffle = false, bool dropLast = false, int? seed = null, torch.Device? device = null)
    {
        if (batchSize <= 0) throw new ArgumentException($"batchSize must be positive, got {batchSize}.");
        if (dataset.Count == 0) throw new ArgumentException("The dataset is empty: there is nothing to load.");
        if (dropLast && dataset.Count < batchSize)
            throw new ArgumentException($"dropLast with batchSize {batchSize} on a dataset of {dataset.Count} examples would give no batch at all.");
        Dataset = dataset;
        BatchSize = batchSize;
        Shuffle = shuffle;
        DropLast = dropLast;
        Device = device ?? Devices.Default;
        random = new Random(seed ?? Seed.Random.Next());
    }

    public TensorDataset Dataset { get; }
    public int BatchSize { get; }
    public bool Shuffle { get; }
    public bool DropLast { get; }
    public torch.Device Device { get; }

    /// <summary>Batches per epoch.</summary>
    public int Count => (int)(DropLast ? Dataset.Count / BatchSize : (Dataset.Count + BatchSize - 1) / BatchSize);

    /// <summary>Examples per epoch (fewer than the dataset holds when the last partial batch is dropped).</summary>
    public long Examples => DropLast ? (long)Count * BatchSize : Dataset.Count;

    public IEnumerator<Batch> GetEnumerator()
    {
        var order = Shuffle ? Shuffling.Permutation(Dataset.Count, random) : Enumerable.Range(0, (int)Dataset.Count).Select(i => (long)i).ToArray();
        for (var b = 0; b < Count; b++)
        {
            var start = b * BatchSize;
            var end = (int)Math.Min(start + BatchSize, Dataset.Count);
            yield return Dataset.Take(order[start..end], Device);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
