using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice.References;

/// <summary>
/// Exercise 02's reference: a 2-D convolution (cross-correlation, as every framework computes it) via im2col —
/// unfold turns every window into a column, so the layer is one matrix product with the flattened weight.
/// </summary>
public sealed class Conv2dReference
{
    #region Exercise02
    Tensor Conv2d(Tensor input, Tensor weight, Tensor bias, int stride, int padding)
    {
        // input (B, C, H, W), weight (O, C, kh, kw), bias (O) → (B, O, H', W'), H' = ⌊(H + 2p − kh) / s⌋ + 1.
        var (b, h, w) = (input.shape[0], input.shape[2], input.shape[3]);
        var (o, kh, kw) = (weight.shape[0], weight.shape[2], weight.shape[3]);
        var outH = (h + 2 * padding - kh) / stride + 1;
        var outW = (w + 2 * padding - kw) / stride + 1;
        // im2col: one column per output position with the C·kh·kw values under its window, ordered (c, u, v).
        var columns = torch.nn.functional.unfold(input, (kh, kw), padding: (padding, padding), stride: (stride, stride)); // (B, C·kh·kw, L)
        // The weight flattened in the same (c, u, v) order: every output channel sums over all input channels.
        var output = weight.reshape(o, -1).matmul(columns) + bias.view(1, o, 1);                                          // (B, O, L)
        return output.view(b, o, outH, outW);
    }
    #endregion

    /// <summary>The reference as the grader calls it.</summary>
    public static Delegate[] Functions()
    {
        var r = new Conv2dReference();
        return [new Func<Tensor, Tensor, Tensor, int, int, Tensor>(r.Conv2d)];
    }
}
