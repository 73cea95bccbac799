using NeuralNotebooks.Blocks;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.SimpleNetwork;

/// <summary>
/// The test oracle for the hand-written backward pass: the same weights and data in float64, once through
/// <see cref="ScratchMlp.Backward"/> and once through autograd on the same forward expression (with
/// torch's own cross_entropy); one <see cref="Agreement"/> row per parameter gradient.
/// </summary>
public static class GradientCheck
{
    public static Agreement Compare(ScratchMlp network, Tensor x, Tensor labels)
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

        return Agreement.Of(("dL/dW1", ours.W1, w1.grad!), ("dL/db1", ours.B1, b1.grad!),
                            ("dL/dW2", ours.W2, w2.grad!), ("dL/db2", ours.B2, b2.grad!));
    }
}
