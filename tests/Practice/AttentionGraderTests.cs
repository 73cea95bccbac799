using NeuralNotebooks.Practice;
using TorchSharp;
using static TorchSharp.torch;
using static NeuralNotebooks.Tests.Practice.GraderKit;

namespace NeuralNotebooks.Tests.Practice;

/// <summary>The grader of practice 05 (scaled dot-product attention with a boolean mask; head split and merge).</summary>
public class AttentionGraderTests
{
    static readonly Delegate[] Reference = PracticeCatalog.Reference(PracticeCatalog.Practice("05"));

    static CheckReport Check(Func<Tensor, Tensor, Tensor, Tensor, (Tensor, Tensor)> attention,
        Func<Tensor, int, Tensor>? split = null, Func<Tensor, Tensor>? merge = null) =>
        NeuralNotebooks.Practice.Practice.Check("05", attention, split ?? (Func<Tensor, int, Tensor>)Reference[1], merge ?? (Func<Tensor, Tensor>)Reference[2]);

    static (Tensor, Tensor) Attend(Tensor q, Tensor k, Tensor v, Tensor mask) => ((Func<Tensor, Tensor, Tensor, Tensor, (Tensor, Tensor)>)Reference[0])(q, k, v, mask);

    [Fact]
    public void The_reference_passes() => AssertPasses(NeuralNotebooks.Practice.Practice.Check("05", Reference));

    /// <summary>Written differently: einsum scores, where() for the mask and the empty rows, reshape/permute for the heads.</summary>
    [Fact]
    public void An_einsum_version_with_permute_heads_passes() => AssertPasses(Check((q, k, v, mask) =>
    {
        var scores = torch.einsum("...qd,...kd->...qk", q, k) * (1.0 / Math.Sqrt(q.shape[^1]));
        var visible = mask.expand_as(scores);
        var shifted = scores.masked_fill(visible.logical_not(), double.NegativeInfinity);
        var anyVisible = visible.any(-1, keepdim: true);
        var weights = torch.where(anyVisible, shifted.softmax(-1), torch.zeros_like(scores));
        return (torch.einsum("...qk,...kd->...qd", weights, v), weights);
    },
    (x, heads) => x.reshape(x.shape[0], x.shape[1], heads, -1).permute(0, 2, 1, 3),
    x => x.permute(0, 2, 1, 3).reshape(x.shape[0], x.shape[2], -1)));

    /// <summary>The guide's own bug: a "mask" drawn at random and added as mask·(−1e9).</summary>
    [Fact]
    public void The_guides_random_mask_fails_masks_and_determinism()
    {
        var report = Check((q, k, v, mask) =>
        {
            var scores = q.matmul(k.transpose(-2, -1)) / Math.Sqrt(q.shape[^1]);
            var noise = torch.randn_like(scores);
            var weights = (scores + noise * -1e9).softmax(-1);
            return (weights.matmul(v), weights);
        });
        AssertFails(report, "masks", "blocked key gets weight", "the guide's bug");
        AssertFails(report, "deterministic", "random 'mask'");
    }

    [Fact]
    public void A_large_negative_number_instead_of_minus_infinity_fails_the_fully_masked_query()
    {
        AssertFails(Check((q, k, v, mask) =>
        {
            var scores = (q.matmul(k.transpose(-2, -1)) / Math.Sqrt(q.shape[^1])).masked_fill(mask.logical_not(), -1e9);
            var weights = scores.softmax(-1);
            return (weights.matmul(v), weights);
        }), "a query with no visible key", "weights sum to", "uniform");
    }

    [Fact]
    public void Masking_with_minus_infinity_but_no_guard_gives_NaN_and_fails_the_fully_masked_query()
    {
        AssertFails(Check((q, k, v, mask) =>
        {
            var weights = (q.matmul(k.transpose(-2, -1)) / Math.Sqrt(q.shape[^1])).masked_fill(mask.logical_not(), double.NegativeInfinity).softmax(-1);
            return (weights.matmul(v), weights);
        }), "a query with no visible key", "NaN");
    }

    [Fact]
    public void Forgetting_the_square_root_scaling_fails_values_and_says_so()
    {
        AssertFails(Check((q, k, v, mask) => Attend(q * Math.Sqrt(q.shape[^1]), k, v, mask)), "values", "not divided by √d");
    }

    [Fact]
    public void Splitting_heads_without_the_transpose_fails_split_merge()
    {
        AssertFails(Check(Attend, (x, heads) => x.reshape(x.shape[0], heads, x.shape[1], -1), x => x.reshape(x.shape[0], x.shape[2], -1)),
            "head split/merge", "mixes time steps into heads");
    }
}
