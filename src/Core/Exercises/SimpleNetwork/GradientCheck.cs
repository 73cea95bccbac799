using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.SimpleNetwork;

/// <summary>How far one hand-written gradient is from autograd's: max |ours − autograd| / max |autograd|.</summary>
public sealed record GradientComparison(string Parameter, double MaxAbsoluteError, double RelativeError);

/// <summary>
/// The test oracle for the hand-written backward pass: the same weights and data in float64, once through
/// <see cref="ScratchMlp.Backward"/> and once through autograd on the same forward expression (with
/// torch's own cross_entropy), then the largest relative difference per parameter.
/// </summary>
public static class GradientCheck
{
    public static IReadOnlyList<GradientComparison> Compare(ScratchMlp network, Tensor x, Tensor labels)
    {
        using var scope = torch.NewDisposeScope();
        using var net = network.To(ScalarType.Float64);
        var x64 = x.to(ScalarType.Float64, net.W1.device);
        var y = labels.to(net.W1.device);

        var ours = net.Backward(x64, net.Forward(x64), y);

        var w1 = net.W1.detach().clone().requires_grad_();
        var b1 = net.B1.detach().clone().requires_grad_();
        var w2 = net.W2.detach().clone().requires_grad_();
        var b2 = net.B2.detach().clone().requires_grad_();
        var logits = torch.tanh(x64.matmul(w1) + b1).matmul(w2) + b2;
        torch.nn.functional.cross_entropy(logits, y).backward();

        return ours.Named().Zip([w1.grad!, b1.grad!, w2.grad!, b2.grad!], (o, reference) =>
        {
            var maxError = (o.Value - reference).abs().max().ToDouble();
            var scale = Math.Max(reference.abs().max().ToDouble(), 1e-300);
            return new GradientComparison(o.Name, maxError, maxError / scale);
        }).ToArray();
    }
}
