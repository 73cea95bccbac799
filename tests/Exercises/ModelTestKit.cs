using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Tests.Exercises;

/// <summary>
/// The checks every model test makes, in one place: output shape, gradients reach every parameter, a few
/// optimiser steps lower the loss on tiny data, and the state_dict keys a checkpoint would hold.
/// Use it as <c>using static NeuralNotebooks.Tests.Exercises.ModelTestKit;</c>.
/// </summary>
static class ModelTestKit
{
    public static void AssertShape(Tensor x, params long[] shape) => Assert.Equal(shape, x.shape);

    /// <summary>After a backward pass: every parameter has a gradient and it is not all zeros.</summary>
    public static void AssertEveryParameterGetsGradient(nn.Module model)
    {
        var parameters = model.named_parameters().ToArray();
        Assert.NotEmpty(parameters);
        foreach (var (name, p) in parameters)
        {
            Assert.True(p.grad is not null, $"{name} got no gradient");
            Assert.True(p.grad!.abs().sum().item<float>() > 0, $"{name}'s gradient is all zeros");
        }
    }

    /// <summary>One cross-entropy backward pass of a classifier, then <see cref="AssertEveryParameterGetsGradient"/>.</summary>
    public static void AssertEveryParameterGetsGradient(nn.Module<Tensor, Tensor> model, Tensor x, Tensor labels)
    {
        model.train();
        model.zero_grad();
        nn.functional.cross_entropy(model.call(x), labels).backward();
        AssertEveryParameterGetsGradient(model);
    }

    /// <summary>(first loss, last loss) of <paramref name="steps"/> optimiser steps, each in its own dispose scope.</summary>
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

    /// <summary>(first loss, last loss) of Adam steps with cross-entropy on one small batch of a classifier.</summary>
    public static (double First, double Last) TrainClassifier(nn.Module<Tensor, Tensor> model, Tensor x, Tensor labels, int steps = 30, double learningRate = 1e-2)
    {
        model.train();
        using var optimizer = optim.Adam(model.parameters(), lr: learningRate);
        return Train(optimizer, steps, _ => nn.functional.cross_entropy(model.call(x), labels));
    }

    /// <summary>Adam steps on <paramref name="loss"/>; asserts the last loss is under half the first.</summary>
    public static void AssertTrainingHalvesTheLoss(nn.Module model, Func<Tensor> loss, int steps, double lr)
    {
        using var optimizer = optim.Adam(model.parameters(), lr: lr);
        var (first, last) = Train(optimizer, steps, _ => loss());
        Assert.True(last < first * 0.5, $"loss went from {first} to {last}");
    }

    /// <summary>The state_dict holds exactly these keys (a checkpoint written by PyTorch-style code would match).</summary>
    public static void AssertStateDictKeys(nn.Module model, params string[] keys) =>
        Assert.Equal(keys.OrderBy(k => k, StringComparer.Ordinal), model.state_dict().Keys.OrderBy(k => k, StringComparer.Ordinal));

    /// <summary>A seeded batch of images with labels that depend on the image (mean brightness), so it is learnable.</summary>
    public static (Tensor Images, Tensor Labels) TinyImages(int count, int size, int classes = 10, int seed = 0)
    {
        manual_seed(seed);
        var labels = arange(count, dtype: ScalarType.Int64) % classes;
        var images = randn(count, 1, size, size) * 0.5 + labels.to(ScalarType.Float32).view(-1, 1, 1, 1) / classes;
        return (images, labels);
    }
}
