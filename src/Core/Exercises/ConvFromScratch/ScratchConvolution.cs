using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace NeuralNotebooks.Exercises.ConvFromScratch;

/// <summary>The gradients of a convolution with respect to its input, weight and bias.</summary>
public sealed record ConvGradients(Tensor Input, Tensor Weight, Tensor Bias);

/// <summary>
/// Exercise 2: what a convolution layer computes, written out. im2col (<c>unfold</c>) copies every
/// kernel-sized patch of every input channel into one column, so the whole multi-channel convolution
/// becomes ONE matrix product (out-channels × C·kh·kw) · (C·kh·kw × positions), plus a bias per output
/// channel; stride and padding only change which patches are taken. Max-pooling takes the same patches
/// per channel and keeps their maximum. The backward pass is the same idea in reverse: the weight
/// gradient is a product with the columns, the input gradient is col2im (<c>fold</c>), which adds each
/// column back where its patch came from. Everything is checked against torch's conv2d / max_pool2d.
/// The guide's version calls a 1-D <c>np.convolve</c> on a 4-D image and slices instead of pooling.
/// </summary>
public static class ScratchConvolution
{
    /// <summary>2-D cross-correlation (what every framework calls convolution) via im2col.</summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0)
    {
        CheckConvArguments(input, weight, bias, stride, padding);
        long n = input.shape[0], outChannels = weight.shape[0], kh = weight.shape[2], kw = weight.shape[3];
        var (outH, outW) = OutputSize(input, kh, kw, stride, padding);
        var columns = F.unfold(input, (kh, kw), padding: (padding, padding), stride: (stride, stride)); // (N, C·kh·kw, L)
        var output = weight.reshape(outChannels, -1).matmul(columns);                                 // (N, O, L)
        if (bias is not null) output = output + bias.view(1, outChannels, 1);
        return output.view(n, outChannels, outH, outW);                                                // (N, O, H', W')
    }

    /// <summary>
    /// The convolution's backward pass by hand, for a given upstream gradient dL/dOutput.
    /// </summary>
    public static ConvGradients Conv2dBackward(Tensor input, Tensor weight, Tensor gradOutput, int stride = 1, int padding = 0)
    {
        CheckConvArguments(input, weight, null, stride, padding);
        long n = input.shape[0], outChannels = weight.shape[0], kh = weight.shape[2], kw = weight.shape[3];
        var columns = F.unfold(input, (kh, kw), padding: (padding, padding), stride: (stride, stride)); // (N, C·kh·kw, L)
        var dOut = gradOutput.reshape(n, outChannels, -1);                                             // (N, O, L)
        var dWeight = dOut.matmul(columns.transpose(1, 2)).sum(dim: 0).view_as(weight);                    // (O, C, kh, kw)
        var dColumns = weight.reshape(outChannels, -1).t().matmul(dOut);                               // (N, C·kh·kw, L)
        var dInput = F.fold(dColumns, (input.shape[2], input.shape[3]), (kh, kw),
                            padding: (padding, padding), stride: (stride, stride));                     // (N, C, H, W)
        var dBias = gradOutput.sum([0, 2, 3]);                                                          // (O)
        return new ConvGradients(dInput, dWeight, dBias);
    }

    /// <summary>Max-pooling: the largest value of each kernel-sized window, per channel.</summary>
    public static Tensor MaxPool2d(Tensor input, int kernelSize, int? stride = null, int padding = 0)
    {
        var step = stride ?? kernelSize;
        if (input.dim() != 4)
            throw new ArgumentException($"expected input of shape [N, C, H, W], got [{string.Join(", ", input.shape)}].");
        if (kernelSize < 1 || step < 1 || padding < 0 || padding > kernelSize / 2)
            throw new ArgumentException($"need kernel ≥ 1, stride ≥ 1 and 0 ≤ padding ≤ kernel/2; got kernel {kernelSize}, stride {step}, padding {padding}.");
        long n = input.shape[0], c = input.shape[1];
        var (outH, outW) = OutputSize(input, kernelSize, kernelSize, step, padding);
        // Pad with −∞, not 0: a padded cell must never win the max (unfold itself would pad with zeros).
        var padded = padding > 0 ? F.pad(input, [padding, padding, padding, padding], value: double.NegativeInfinity) : input;
        var perChannel = padded.reshape(n * c, 1, padded.shape[2], padded.shape[3]);                  // (N·C, 1, H, W)
        var windows = F.unfold(perChannel, kernelSize, stride: step);                                   // (N·C, k·k, L)
        return windows.amax([1]).view(n, c, outH, outW);                                                // (N, C, H', W')
    }

    static (long Height, long Width) OutputSize(Tensor input, long kh, long kw, int stride, int padding)
    {
        long outH = (input.shape[2] + 2 * padding - kh) / stride + 1;
        long outW = (input.shape[3] + 2 * padding - kw) / stride + 1;
        if (outH < 1 || outW < 1)
            throw new ArgumentException($"a {kh}x{kw} kernel with padding {padding} does not fit an input of {input.shape[2]}x{input.shape[3]}.");
        return (outH, outW);
    }

    static void CheckConvArguments(Tensor input, Tensor weight, Tensor? bias, int stride, int padding)
    {
        if (weight.dim() != 4)
            throw new ArgumentException($"expected weight of shape [out_channels, in_channels, kh, kw], got [{string.Join(", ", weight.shape)}].");
        if (input.dim() != 4 || input.shape[1] != weight.shape[1])
            throw new ArgumentException($"expected input of shape [N, {weight.shape[1]}, H, W], got [{string.Join(", ", input.shape)}].");
        if (bias is not null && (bias.dim() != 1 || bias.shape[0] != weight.shape[0]))
            throw new ArgumentException($"expected bias of shape [{weight.shape[0]}], got [{string.Join(", ", bias.shape)}].");
        if (stride < 1 || padding < 0)
            throw new ArgumentException($"need stride ≥ 1 and padding ≥ 0; got stride {stride}, padding {padding}.");
    }
}
