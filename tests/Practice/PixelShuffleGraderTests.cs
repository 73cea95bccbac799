using NeuralNotebooks.Practice;
using TorchSharp;
using static TorchSharp.torch;
using static NeuralNotebooks.Tests.Practice.GraderKit;

namespace NeuralNotebooks.Tests.Practice;

/// <summary>The grader of practice 12 (sub-pixel upsampling, pixel shuffle).</summary>
public class PixelShuffleGraderTests
{
    static CheckReport Check(Func<Tensor, int, Tensor> shuffle) => NeuralNotebooks.Practice.Practice.Check("12", shuffle);

    [Fact]
    public void The_reference_passes() => AssertPasses(NeuralNotebooks.Practice.Practice.Check("12", PracticeCatalog.Reference(PracticeCatalog.Practice("12"))));

    /// <summary>Written differently: the r² channel groups interleaved by stacking, columns first (offset j), then rows (offset i).</summary>
    [Fact]
    public void Strided_writes_per_block_offset_pass() => AssertPasses(Check((x, factor) =>
    {
        long r = factor;
        var (b, c, h, w) = (x.shape[0], x.shape[1] / (r * r), x.shape[2], x.shape[3]);
        var grouped = x.view(b, c, r * r, h, w);
        var parts = new List<Tensor>();
        // Row offset i: the r column offsets j interleaved along W, then the r rows interleaved along H.
        for (long i = 0; i < r; i++)
        {
            var columns = Enumerable.Range(0, (int)r).Select(j => grouped.select(2, i * r + j)).ToArray();   // r × (B, C, H, W)
            parts.Add(torch.stack(columns, dim: -1).reshape(b, c, h, w * r));                               // (B, C, H, W·r)
        }
        return torch.stack(parts.ToArray(), dim: 3).reshape(b, c, h * r, w * r);                            // (B, C, H, r, W·r)
    }));

    /// <summary>Also correct: index arithmetic — each output pixel's source position computed in a loop, then one index_select.</summary>
    [Fact]
    public void Index_select_on_the_flattened_channels_passes() => AssertPasses(Check((x, factor) =>
    {
        long r = factor;
        var (b, c, h, w) = (x.shape[0], x.shape[1] / (r * r), x.shape[2], x.shape[3]);
        // Output (c, H·r, W·r) as a permutation of input positions (c·r² + i·r + j, y, z).
        var source = new long[c * h * r * w * r];
        var n = 0;
        for (long oc = 0; oc < c; oc++)
            for (long row = 0; row < h * r; row++)
                for (long col = 0; col < w * r; col++)
                    source[n++] = ((oc * r * r + (row % r) * r + col % r) * h + row / r) * w + col / r;
        return x.reshape(b, -1).index_select(1, torch.tensor(source)).view(b, c, h * r, w * r);
    }));

    /// <summary>The usual mistake: the right shape by a plain reshape, channels scrambled.</summary>
    [Fact]
    public void A_plain_reshape_fails_values_and_the_permutation_and_says_so()
    {
        var report = Check((x, factor) => x.reshape(x.shape[0], x.shape[1] / (factor * factor), x.shape[2] * factor, x.shape[3] * factor));
        AssertFails(report, "values", "plain reshape without the permute");
        AssertFails(report, "a permutation", "PixelUnshuffle", "plain reshape");
        AssertFails(report, "gradients", "upstream gradient");
    }

    [Fact]
    public void The_factors_before_the_channels_fail_values_and_say_so()
    {
        AssertFails(Check((x, factor) =>
        {
            long r = factor;
            var (b, c, h, w) = (x.shape[0], x.shape[1] / (r * r), x.shape[2], x.shape[3]);
            return x.view(b, r, r, c, h, w).permute(0, 3, 4, 1, 5, 2).reshape(b, c, h * r, w * r);
        }), "values", "(r, r, C) instead of (C, r, r)");
    }

    /// <summary>The guide's defect: it upsamples by nearest neighbour (UpSampling2D) instead of a sub-pixel shuffle.</summary>
    [Fact]
    public void The_guides_nearest_neighbour_upsampling_fails_shapes()
    {
        AssertFails(Check((x, factor) => nn.functional.interpolate(x, scale_factor: new double[] { factor, factor }, mode: InterpolationMode.Nearest)),
            "shapes", "channels divide by r²");
    }

    [Fact]
    public void A_detached_result_fails_gradients()
    {
        var reference = (Func<Tensor, int, Tensor>)PracticeCatalog.Reference(PracticeCatalog.Practice("12"))[0];
        AssertFails(Check((x, factor) => reference(x, factor).detach()), "gradients", "does not depend on x");
    }
}
