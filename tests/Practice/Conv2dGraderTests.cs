using NeuralNotebooks.Practice;
using TorchSharp;
using static TorchSharp.torch;
using static NeuralNotebooks.Tests.Practice.GraderKit;

namespace NeuralNotebooks.Tests.Practice;

/// <summary>The grader of practice 02 (a 2-D convolution via im2col, checked against conv2d).</summary>
public class Conv2dGraderTests
{
    static readonly Delegate[] Reference = PracticeCatalog.Reference(PracticeCatalog.Practice("02"));

    static CheckReport Check(Func<Tensor, Tensor, Tensor, int, int, Tensor> conv) => NeuralNotebooks.Practice.Practice.Check("02", conv);

    [Fact]
    public void The_reference_passes() => AssertPasses(NeuralNotebooks.Practice.Practice.Check("02", Reference));

    /// <summary>Written differently: no unfold — pad, then add up kh·kw shifted, strided slices, each an einsum over channels.</summary>
    [Fact]
    public void A_shifted_slices_version_passes() => AssertPasses(Check((x, w, b, s, p) =>
    {
        var padded = torch.nn.functional.pad(x, [p, p, p, p]);
        var (kh, kw) = (w.shape[2], w.shape[3]);
        var outH = (padded.shape[2] - kh) / s + 1;
        var outW = (padded.shape[3] - kw) / s + 1;
        var y = b.view(1, -1, 1, 1).expand(x.shape[0], w.shape[0], outH, outW);
        for (long u = 0; u < kh; u++)
            for (long v = 0; v < kw; v++)
            {
                var patch = padded[.., .., TensorIndex.Slice(u, u + s * (outH - 1) + 1, s), TensorIndex.Slice(v, v + s * (outW - 1) + 1, s)];
                y = y + torch.einsum("bchw,oc->bohw", patch, w[.., .., u, v]);
            }
        return y;
    }));

    /// <summary>The guide's bug: a 1-D convolution (np.convolve) over the flattened pixels, cut to the expected size.</summary>
    [Fact]
    public void The_guides_one_dimensional_convolution_fails_values()
    {
        AssertFails(Check((x, w, b, s, p) =>
        {
            var (n, o, kh, kw) = (x.shape[0], w.shape[0], w.shape[2], w.shape[3]);
            var outH = (x.shape[2] + 2 * p - kh) / s + 1;
            var outW = (x.shape[3] + 2 * p - kw) / s + 1;
            var flat = torch.nn.functional.conv1d(x.flatten(2), w.flatten(2), b, padding: outH * outW);   // rows run into each other
            return flat[.., .., TensorIndex.Slice(0, outH * outW)].reshape(n, o, outH, outW);
        }), "values", "the guide's np.convolve");
    }

    [Fact]
    public void Flattening_the_weight_channels_last_fails_values_and_says_so()
    {
        AssertFails(Check((x, w, b, s, p) =>
        {
            var (n, o, kh, kw) = (x.shape[0], w.shape[0], w.shape[2], w.shape[3]);
            var cols = torch.nn.functional.unfold(x, (kh, kw), padding: (p, p), stride: (s, s));
            var y = w.permute(0, 2, 3, 1).reshape(o, -1).matmul(cols) + b.view(1, o, 1);
            return y.view(n, o, (x.shape[2] + 2 * p - kh) / s + 1, (x.shape[3] + 2 * p - kw) / s + 1);
        }), "values", "flattened in the wrong order");
    }

    [Fact]
    public void A_flipped_kernel_fails_values_and_says_cross_correlation() =>
        AssertFails(Check((x, w, b, s, p) => ((Func<Tensor, Tensor, Tensor, int, int, Tensor>)Reference[0])(x, w.flip(2, 3), b, s, p)),
            "values", "flipped", "cross-correlation");

    [Fact]
    public void Ignoring_the_stride_fails_shapes_and_says_so() =>
        AssertFails(Check((x, w, b, s, p) => ((Func<Tensor, Tensor, Tensor, int, int, Tensor>)Reference[0])(x, w, b, 1, p)),
            "shapes", "stride is ignored");

    [Fact]
    public void A_detached_output_fails_gradients() =>
        AssertFails(Check((x, w, b, s, p) => ((Func<Tensor, Tensor, Tensor, int, int, Tensor>)Reference[0])(x.detach(), w.detach(), b.detach(), s, p)),
            "gradients reach every parameter", "requires_grad is false");
}
