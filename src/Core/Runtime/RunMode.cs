namespace NeuralNotebooks.Runtime;

/// <summary>
/// How big a lesson runs. Quick: small sizes that train in tens of seconds on two CPU cores (the
/// default on CPU, and what the tests use). Full: the sizes that reach the stated metrics (the default
/// on CUDA). <c>NEURALNOTEBOOKS_MODE</c>=quick|full overrides the default; the runner sets it.
/// </summary>
public enum RunMode { Quick, Full }

public static class RunModes
{
    public const string EnvironmentVariable = "NEURALNOTEBOOKS_MODE";

    /// <summary>The mode from the environment, else Full on CUDA and Quick on CPU.</summary>
    public static RunMode Current => Resolve(Environment.GetEnvironmentVariable(EnvironmentVariable), Devices.Default.type == TorchSharp.DeviceType.CUDA);

    /// <summary>Pure decision, testable: an explicit setting wins, else the device decides.</summary>
    public static RunMode Resolve(string? setting, bool onCuda) => setting?.Trim().ToLowerInvariant() switch
    {
        null or "" => onCuda ? RunMode.Full : RunMode.Quick,
        "quick" => RunMode.Quick,
        "full" => RunMode.Full,
        _ => throw new ArgumentException($"{EnvironmentVariable}='{setting}' is not a mode. Allowed: quick, full (or unset for the device's default)."),
    };
}
