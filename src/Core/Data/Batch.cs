using TorchSharp;

namespace NeuralNotebooks.Data;

/// <summary>
/// One mini-batch: the dataset's tensors, each cut to the same rows. <see cref="Input"/> and
/// <see cref="Target"/> name the first two; datasets with more (e.g. source, source lengths, target)
/// are read by index. Its tensors belong to the dispose scope that was open when it was made.
/// </summary>
public sealed class Batch
{
    public Batch(IReadOnlyList<torch.Tensor> tensors)
    {
        if (tensors.Count == 0) throw new ArgumentException("A batch needs at least one tensor.");
        Tensors = tensors;
    }

    public IReadOnlyList<torch.Tensor> Tensors { get; }

    /// <summary>The number of examples (rows) in this batch.</summary>
    public int Size => (int)Tensors[0].shape[0];

    public torch.Tensor Input => Tensors[0];

    public torch.Tensor Target => Tensors.Count > 1 ? Tensors[1]
        : throw new InvalidOperationException("This batch has only inputs (its dataset was built from one tensor), so it has no Target.");

    public torch.Tensor this[int index] => Tensors[index];

    /// <summary>Lets a notebook write <c>var (x, y) = batch;</c>.</summary>
    public void Deconstruct(out torch.Tensor input, out torch.Tensor target) { input = Input; target = Target; }
}
