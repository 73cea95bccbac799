using NeuralNotebooks.Data;
using TorchSharp;

namespace NeuralNotebooks.Tests.Data;

public class DataLoaderTests
{
    static TensorDataset Numbers(int count) =>
        new(torch.arange(count, dtype: torch.float32).reshape(count, 1), torch.arange(count, dtype: torch.int64));

    static long[] Order(DataLoader loader) =>
        loader.SelectMany(b => b.Target.data<long>().ToArray()).ToArray();

    [Fact]
    public void Batches_cover_every_example_once_in_order_without_shuffling()
    {
        using var data = Numbers(10);
        var loader = new DataLoader(data, batchSize: 4, device: torch.CPU);
        Assert.Equal(3, loader.Count);
        Assert.Equal([4, 4, 2], loader.Select(b => b.Size).ToArray());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), Order(loader));
    }

    [Fact]
    public void Drop_last_drops_the_partial_batch()
    {
        using var data = Numbers(10);
        var loader = new DataLoader(data, batchSize: 4, dropLast: true, device: torch.CPU);
        Assert.Equal(2, loader.Count);
        Assert.Equal(8, loader.Examples);
        Assert.Equal([4, 4], loader.Select(b => b.Size).ToArray());
    }

    [Fact]
    public void Shuffling_with_a_seed_is_reproducible_and_differs_between_epochs()
    {
        using var data = Numbers(50);
        var a = new DataLoader(data, 8, shuffle: true, seed: 7, device: torch.CPU);
        var b = new DataLoader(data, 8, shuffle: true, seed: 7, device: torch.CPU);
        var firstA = Order(a);
        Assert.Equal(firstA, Order(b));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), firstA.Order());
        Assert.NotEqual(Enumerable.Range(0, 50).Select(i => (long)i), firstA);
        Assert.NotEqual(firstA, Order(a)); // second epoch, new order
        Assert.NotEqual(firstA, Order(new DataLoader(data, 8, shuffle: true, seed: 8, device: torch.CPU)));
    }

    [Fact]
    public void Inputs_and_targets_stay_paired_after_shuffling()
    {
        using var data = Numbers(20);
        foreach (var (x, y) in new DataLoader(data, 6, shuffle: true, seed: 1, device: torch.CPU))
            Assert.Equal(y.data<long>().ToArray(), x.reshape(-1).data<float>().ToArray().Select(v => (long)v).ToArray());
    }

    [Fact]
    public void Batches_go_to_the_requested_device()
    {
        using var data = Numbers(4);
        Assert.All(new DataLoader(data, 2, device: torch.CPU), b => Assert.Equal(DeviceType.CPU, b.Input.device_type));
    }

    [Fact]
    public void Splits_are_disjoint_cover_everything_and_follow_the_seed()
    {
        using var data = Numbers(100);
        var split = data.Split(validation: 0.2, test: 0.1, seed: 3);
        Assert.Equal((70L, 20L, 10L), (split.Train.Count, split.Validation.Count, split.Test.Count));
        var all = new[] { split.Train, split.Validation, split.Test }.SelectMany(d => d.Targets.data<long>().ToArray()).ToArray();
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), all.Order());
        Assert.Equal(split.Validation.Targets.data<long>().ToArray(), data.Split(0.2, 0.1, seed: 3).Validation.Targets.data<long>().ToArray());
    }

    [Fact]
    public void Disposing_the_splits_frees_all_three_parts_and_leaves_the_source()
    {
        using var data = Numbers(20);
        var split = data.Split(validation: 0.25, test: 0.25, seed: 1);
        var parts = new[] { split.Train, split.Validation, split.Test }.SelectMany(d => d.Tensors).ToList();
        Assert.All(parts, t => Assert.False(t.IsInvalid));

        using (split) { }

        Assert.All(parts, t => Assert.True(t.IsInvalid, "a split's tensor survived Dispose"));
        Assert.All(data.Tensors, t => Assert.False(t.IsInvalid));
    }

    [Fact]
    public void Mismatched_tensor_lengths_are_a_clear_error()
    {
        var e = Assert.Throws<ArgumentException>(() => new TensorDataset(torch.zeros(5, 2), torch.zeros(4, dtype: torch.int64)));
        Assert.Contains("tensor 1 has shape [4]", e.Message);
    }

    [Fact]
    public void Dataset_tensors_survive_the_dispose_scope_they_were_made_in()
    {
        TensorDataset data;
        using (torch.NewDisposeScope()) data = Numbers(6);
        Assert.Equal(6, data.Inputs.shape[0]);
        Assert.False(data.Inputs.IsInvalid);
    }

    [Fact]
    public void First_copies_the_leading_examples_and_keeps_the_source()
    {
        using var data = new TensorDataset(torch.arange(10).reshape(5, 2), torch.arange(5));
        using var first = data.First(3);
        using var all = data.First(99);

        Assert.Equal(new long[] { 0, 1, 2 }, first.Targets.data<long>().ToArray());
        Assert.Equal(new long[] { 0, 1, 2, 3, 4, 5 }, first.Inputs.flatten().data<long>().ToArray());
        Assert.Equal(5, all.Count);
        Assert.Equal(5, data.Count);
        Assert.StartsWith(data.Source, first.Source);
    }
}
