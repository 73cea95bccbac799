using TorchSharp;

namespace NeuralNotebooks.Runtime;

/// <summary>
/// One call seeds every random source we use: torch (CPU), CUDA when present, and the
/// <see cref="System.Random"/> our data code draws from.
/// </summary>
public static class Seed
{
    static Random random = new(0);

    /// <summary>The seed last set (0 until <see cref="Set"/> is called).</summary>
    public static int Current { get; private set; }

    /// <summary>The shared random source for data code; reseeded by <see cref="Set"/>.</summary>
    public static Random Random => random;

    public static void Set(int seed)
    {
        TorchRuntime.EnsureLoaded();
        Current = seed;
        torch.manual_seed(seed);
        if (Devices.CudaAvailable) torch.cuda.manual_seed_all(seed);
        random = new Random(seed);
    }
}
