using TorchSharp;

namespace NeuralNotebooks.Tests.Exercises;

/// <summary>Assertions the image-model tests share.</summary>
static class ImageModelAssertions
{
    /// <summary>After a backward pass, every parameter has a gradient and it is not all zeros.</summary>
    public static void EveryParameterGotAGradient(torch.nn.Module module)
    {
        var parameters = module.named_parameters().ToArray();
        Assert.NotEmpty(parameters);
        foreach (var (name, p) in parameters)
        {
            Assert.True(p.grad is not null, $"{name} got no gradient");
            Assert.True(p.grad!.abs().sum().item<float>() > 0, $"{name}'s gradient is all zeros");
        }
    }

    public static void HasShape(torch.Tensor x, params long[] shape) => Assert.Equal(shape, x.shape);
}
