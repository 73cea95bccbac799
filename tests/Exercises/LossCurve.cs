using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Tests.Exercises;

/// <summary>A few optimisation steps on tiny data; returns the first and last loss so a test can assert it fell.</summary>
static class LossCurve
{
    public static (double First, double Last) Train(optim.Optimizer optimizer, int steps, Func<int, Tensor> loss)
    {
        double first = 0, last = 0;
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            var value = loss(step);
            optimizer.zero_grad();
            value.backward();
            optimizer.step();
            if (step == 0) first = value.item<float>();
            last = value.item<float>();
        }
        return (first, last);
    }
}
