using System.Globalization;
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

    /// <summary>Set by the runner's <c>--seeds</c>: the seed a notebook's <c>#!seed</c> uses instead of its own.</summary>
    public const string EnvironmentVariable = "NEURALNOTEBOOKS_SEED";

    /// <summary>
    /// The seed <c>#!seed requested</c> should use: <paramref name="environment"/> (the value of
    /// <see cref="EnvironmentVariable"/>) when it is set, else <paramref name="requested"/>. Unset or blank means "not set";
    /// anything else that is not a whole number throws <see cref="ArgumentException"/> naming what is allowed.
    /// </summary>
    public static SeedChoice Resolve(int requested, string? environment)
    {
        if (string.IsNullOrWhiteSpace(environment)) return new(requested, requested, FromEnvironment: false);
        if (!int.TryParse(environment.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed))
            throw new ArgumentException(
                $"{EnvironmentVariable} must be a whole number between {int.MinValue} and {int.MaxValue} (e.g. {EnvironmentVariable}=2), or unset; got '{environment}'.");
        return new(seed, requested, FromEnvironment: true);
    }

    public static void Set(int seed)
    {
        TorchRuntime.EnsureLoaded();
        Current = seed;
        torch.manual_seed(seed);
        if (Devices.CudaAvailable) torch.cuda.manual_seed_all(seed);
        random = new Random(seed);
    }
}

/// <summary>The seed <c>#!seed</c> uses, and whether <see cref="Seed.EnvironmentVariable"/> overrode the notebook's own.</summary>
public readonly record struct SeedChoice(int Value, int Requested, bool FromEnvironment)
{
    /// <summary><c>2 (NEURALNOTEBOOKS_SEED overrides #!seed 0)</c>, or just <c>0</c>.</summary>
    public override string ToString() =>
        FromEnvironment ? $"{Value} ({Seed.EnvironmentVariable} overrides #!seed {Requested})" : Value.ToString(CultureInfo.InvariantCulture);
}
