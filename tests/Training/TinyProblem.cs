using NeuralNotebooks.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Tests.Training;

/// <summary>Two Gaussian blobs in 2-D and a small MLP: learns in a few epochs, in milliseconds.</summary>
static class TinyProblem
{
    public static TensorDataset Blobs(int count, int seed)
    {
        var generator = new torch.Generator((ulong)seed);
        var labels = torch.arange(count, dtype: int64) % 2;                               // (N)
        var centres = labels.to_type(float32).unsqueeze(1) * 2 - 1;                        // (N, 1): -1 or +1
        var points = torch.randn(count, 2, generator: generator) * 0.7f + centres * 1.5f; // (N, 2)
        return new TensorDataset(points, labels);
    }

    public static nn.Module<Tensor, Tensor> Model(int seed)
    {
        torch.manual_seed(seed);
        return nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 2));
    }

    public static DataLoader Loader(TensorDataset data, int batchSize = 16, bool shuffle = true) =>
        new(data, batchSize, shuffle: shuffle, seed: 1, device: CPU);
}
