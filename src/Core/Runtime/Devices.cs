using TorchSharp;

namespace NeuralNotebooks.Runtime;

/// <summary>
/// The default device for everything NeuralNotebooks builds: CUDA when TorchSharp can use it,
/// else CPU. <c>NEURALNOTEBOOKS_DEVICE</c> (auto, cpu, cuda) or <see cref="Use"/> overrides it.
/// </summary>
public static class Devices
{
    public const string EnvironmentVariable = "NEURALNOTEBOOKS_DEVICE";
    public static readonly IReadOnlyList<string> Choices = ["auto", "cpu", "cuda"];

    static torch.Device? chosen;

    /// <summary>The device models and data go to unless told otherwise.</summary>
    public static torch.Device Default
    {
        get
        {
            if (chosen is not null) return chosen;
            var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
            chosen = Resolve(string.IsNullOrWhiteSpace(fromEnvironment) ? "auto" : fromEnvironment, CudaAvailable).Device;
            return chosen;
        }
    }

    /// <summary>True when TorchSharp has a CUDA backend and a GPU; false, never an exception, otherwise.</summary>
    public static bool CudaAvailable
    {
        get
        {
            TorchRuntime.EnsureLoaded();
            try { return torch.cuda.is_available(); }
            catch (Exception) { return false; }
        }
    }

    /// <summary>
    /// The device a module computes on: that of its first parameter (or buffer, for a module with buffers only);
    /// the CPU for a module with neither. Inputs go there: <see cref="TensorPlacement.On"/>.
    /// </summary>
    public static torch.Device Of(torch.nn.Module module) =>
        module.parameters().FirstOrDefault()?.device ?? module.buffers().FirstOrDefault()?.device ?? torch.CPU;

    /// <summary>Sets the default device from a choice (auto, cpu, cuda) and returns what was chosen and why.</summary>
    public static DeviceChoice Use(string choice)
    {
        var result = Resolve(choice, CudaAvailable);
        chosen = result.Device;
        return result;
    }

    /// <summary>Pure decision, testable without a GPU: which device a choice means given what is available.</summary>
    public static DeviceChoice Resolve(string choice, bool cudaAvailable)
    {
        switch (choice.Trim().ToLowerInvariant())
        {
            case "auto":
                return cudaAvailable
                    ? new(DeviceType.CUDA, "CUDA is available, so the GPU is used.")
                    : new(DeviceType.CPU, "No CUDA device (or no TorchSharp CUDA backend): running on CPU. To use a GPU, change the backend line TorchSharp-cpu to TorchSharp-cuda-linux (see README).");
            case "cpu":
                return new(DeviceType.CPU, "CPU chosen explicitly.");
            case "cuda":
                if (!cudaAvailable)
                    throw new ArgumentException(
                        "CUDA was asked for, but TorchSharp sees no CUDA device on this machine. " +
                        "Reference TorchSharp-cuda-linux (instead of TorchSharp-cpu) on a machine with an NVIDIA GPU, or choose 'cpu' or 'auto'.");
                return new(DeviceType.CUDA, "CUDA chosen explicitly.");
            default:
                throw new ArgumentException($"Unknown device '{choice}'. Allowed: {string.Join(", ", Choices)}.");
        }
    }
}

/// <summary>A chosen device and the reason for it, in words a user can read.</summary>
public sealed record DeviceChoice(DeviceType Type, string Reason)
{
    /// <summary>The TorchSharp device; creating it initialises that backend, so it is made only when asked for.</summary>
    public torch.Device Device => torch.device(Type);
}
