using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Tests.Exercises;

/// <summary>The two checks every exercise model gets: gradients reach every parameter, and a few steps of Adam lower the loss.</summary>
static class ExerciseTestKit
{
    public static void AssertEveryParameterGetsGradient(nn.Module model)
    {
        foreach (var (name, p) in model.named_parameters())
            Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0, $"{name} got no gradient");
    }

    /// <summary>Runs <paramref name="steps"/> Adam steps on <paramref name="loss"/> and asserts the last loss is under half the first.</summary>
    public static void AssertTrainingHalvesTheLoss(nn.Module model, Func<Tensor> loss, int steps, double lr)
    {
        var optimizer = optim.Adam(model.parameters(), lr: lr);
        float first = 0, last = 0;
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var value = loss();
            value.backward();
            optimizer.step();
            if (step == 0) first = value.item<float>();
            last = value.item<float>();
        }
        Assert.True(last < first * 0.5, $"loss went from {first} to {last}");
    }
}
