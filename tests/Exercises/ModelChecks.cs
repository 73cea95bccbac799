using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Tests.Exercises;

/// <summary>Checks every model test repeats: gradients reach every parameter, a few steps lower the loss.</summary>
static class ModelChecks
{
    /// <summary>Names of parameters whose gradient is missing or all zero after one backward pass.</summary>
    public static string[] ParametersWithoutGradient(nn.Module<Tensor, Tensor> model, Tensor x, Tensor labels)
    {
        model.train();
        model.zero_grad();
        nn.functional.cross_entropy(model.call(x), labels).backward();
        return model.named_parameters()
            .Where(p => p.parameter.grad is null || p.parameter.grad.abs().sum().ToDouble() == 0)
            .Select(p => p.name).ToArray();
    }

    /// <summary>(first loss, last loss) of a few Adam steps on one small batch.</summary>
    public static (double First, double Last) TrainSteps(nn.Module<Tensor, Tensor> model, Tensor x, Tensor labels, int steps = 30, double learningRate = 1e-2)
    {
        model.train();
        using var optimizer = optim.Adam(model.parameters(), lr: learningRate);
        double first = double.NaN, last = double.NaN;
        for (var i = 0; i < steps; i++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.call(x), labels);
            loss.backward();
            optimizer.step();
            if (i == 0) first = loss.ToDouble();
            last = loss.ToDouble();
        }
        return (first, last);
    }

    /// <summary>A seeded batch of images with labels that depend on the image (mean brightness), so it is learnable.</summary>
    public static (Tensor Images, Tensor Labels) TinyImages(int count, int size, int classes = 10, int seed = 0)
    {
        torch.manual_seed(seed);
        var labels = torch.arange(count, dtype: ScalarType.Int64) % classes;
        var images = torch.randn(count, 1, size, size) * 0.5 + labels.to(ScalarType.Float32).view(-1, 1, 1, 1) / classes;
        return (images, labels);
    }
}
