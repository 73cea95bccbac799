using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.LstmFromScratch;

/// <summary>
/// Copies layer 0 (forward direction) of a torch.nn.LSTM into a from-scratch LSTM — any module whose
/// parameters end in weight_ih, weight_hh, bias_ih, bias_hh with nn.LSTM's shapes — so both compute the
/// same function and can be compared number by number. Works on a notebook's own copy of the classes too.
/// </summary>
public static class LstmWeights
{
    static readonly string[] Names = ["weight_ih", "weight_hh", "bias_ih", "bias_hh"];

    public static void Copy(LSTM reference, nn.Module target)
    {
        using var noGrad = no_grad();
        var source = reference.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var mine = target.named_parameters().ToDictionary(p => p.name.Split('.')[^1], p => p.parameter);
        foreach (var name in Names)
        {
            if (!mine.TryGetValue(name, out var to))
                throw new ArgumentException($"{target.GetName()} has no parameter named {name}.");
            if (!source.TryGetValue(name + "_l0", out var from))
                throw new ArgumentException($"Expected an nn.LSTM with biases (bias: true); it has no {name}_l0.");
            if (!from.shape.SequenceEqual(to.shape))
                throw new ArgumentException(
                    $"Expected an nn.LSTM whose {name}_l0 has shape [{string.Join(", ", to.shape)}] (input size and hidden size as the target's), " +
                    $"got [{string.Join(", ", from.shape)}].");
            to.copy_(from);
        }
    }
}
