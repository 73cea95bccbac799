using NeuralNotebooks.Blocks;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace NeuralNotebooks.Exercises.ConvFromScratch;

/// <summary>
/// The from-scratch conv2d and max_pool2d next to TorchSharp's on random inputs, in values and gradients
/// (autograd through ours, and the hand-written conv backward), in float64 so that the differences shown are
/// the algorithms', not float32 rounding of long sums.
/// </summary>
public static class ConvolutionCheck
{
    public static Agreement AgainstTorch(int seed = 0)
    {
        torch.manual_seed(seed);
        return Conv(inChannels: 3, outChannels: 8, kernel: 3, stride: 1, padding: 1)
            .And(Conv(inChannels: 3, outChannels: 8, kernel: 3, stride: 2, padding: 1))
            .And(Conv(inChannels: 2, outChannels: 4, kernel: 5, stride: 2, padding: 2))
            .And(Conv(inChannels: 16, outChannels: 4, kernel: 1, stride: 1, padding: 0))
            .And(Pool(kernel: 2, stride: 2, padding: 0))
            .And(Pool(kernel: 3, stride: 2, padding: 1));
    }

    static Agreement Conv(int inChannels, int outChannels, int kernel, int stride, int padding)
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(4, inChannels, 11, 10, ScalarType.Float64, requires_grad: true);
        var w = torch.randn(outChannels, inChannels, kernel, kernel, ScalarType.Float64, requires_grad: true);
        var b = torch.randn(outChannels, ScalarType.Float64, requires_grad: true);
        var theirs = F.conv2d(x, w, b, strides: [stride], padding: [padding]);
        var ours = ScratchConvolution.Conv2d(x, w, b, stride, padding);
        var upstream = torch.randn_like(theirs);
        var g = torch.autograd.grad([theirs], [x, w, b], [upstream]);
        var o = torch.autograd.grad([ours], [x, w, b], [upstream]);
        var hand = ScratchConvolution.Conv2dBackward(x.detach(), w.detach(), upstream, stride, padding);
        var name = $"conv {inChannels}→{outChannels} k{kernel} s{stride} p{padding}";
        return Agreement.Of(($"{name} output", ours, theirs),
            ($"{name} dx autograd", o[0], g[0]), ($"{name} dW autograd", o[1], g[1]), ($"{name} db autograd", o[2], g[2]),
            ($"{name} dx by hand", hand.Input, g[0]), ($"{name} dW by hand", hand.Weight, g[1]), ($"{name} db by hand", hand.Bias, g[2]));
    }

    static Agreement Pool(int kernel, int stride, int padding)
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(4, 3, 11, 10, ScalarType.Float64, requires_grad: true);
        var theirs = F.max_pool2d(x, [kernel], strides: [stride], padding: [padding]);
        var ours = ScratchConvolution.MaxPool2d(x, kernel, stride, padding);
        var upstream = torch.randn_like(theirs);
        var g = torch.autograd.grad([theirs], [x], [upstream])[0];
        var o = torch.autograd.grad([ours], [x], [upstream])[0];
        var name = $"max_pool k{kernel} s{stride} p{padding}";
        return Agreement.Of(($"{name} output", ours, theirs), ($"{name} dx autograd", o, g));
    }
}
