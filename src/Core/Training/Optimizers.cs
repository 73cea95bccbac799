using TorchSharp;
using TorchSharp.Modules;

namespace NeuralNotebooks.Training;

/// <summary>
/// TorchSharp's own optimizers by name, so a notebook can compare them in a loop:
/// sgd, momentum, nesterov, adam, adamw, rmsprop. Defaults follow PyTorch (momentum 0.9 where used).
/// </summary>
public static class Optimizers
{
    public static readonly IReadOnlyList<string> Names = ["sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop"];

    public static torch.optim.Optimizer Create(string name, IEnumerable<Parameter> parameters, double lr, double weightDecay = 0) =>
        name.Trim().ToLowerInvariant() switch
        {
            "sgd" => torch.optim.SGD(parameters, lr, weight_decay: weightDecay),
            "momentum" => torch.optim.SGD(parameters, lr, momentum: 0.9, weight_decay: weightDecay),
            "nesterov" => torch.optim.SGD(parameters, lr, momentum: 0.9, nesterov: true, weight_decay: weightDecay),
            "adam" => torch.optim.Adam(parameters, lr, weight_decay: weightDecay),
            "adamw" => torch.optim.AdamW(parameters, lr, weight_decay: weightDecay == 0 ? 0.01 : weightDecay),
            "rmsprop" => torch.optim.RMSProp(parameters, lr, weight_decay: weightDecay),
            _ => throw new ArgumentException($"Unknown optimizer '{name}'. Allowed: {string.Join(", ", Names)}."),
        };
}
