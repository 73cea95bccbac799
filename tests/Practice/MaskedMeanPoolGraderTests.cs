using NeuralNotebooks.Practice;
using TorchSharp;
using static TorchSharp.torch;
using static NeuralNotebooks.Tests.Practice.GraderKit;

namespace NeuralNotebooks.Tests.Practice;

/// <summary>The grader of practice 06 (masked mean pooling over real tokens).</summary>
public class MaskedMeanPoolGraderTests
{
    static CheckReport Check(Func<Tensor, Tensor, Tensor> pool) => NeuralNotebooks.Practice.Practice.Check("06", pool);

    [Fact]
    public void The_reference_passes() => AssertPasses(NeuralNotebooks.Practice.Practice.Check("06", PracticeCatalog.Reference(PracticeCatalog.Practice("06"))));

    /// <summary>Written differently: a loop over the batch, each row's real tokens picked with index_select, then mean.</summary>
    [Fact]
    public void A_loop_over_sequences_with_index_select_passes() => AssertPasses(Check((hidden, mask) =>
    {
        var rows = new List<Tensor>();
        for (long b = 0; b < hidden.shape[0]; b++)
        {
            var real = mask[b].nonzero().flatten();
            rows.Add(real.shape[0] == 0 ? torch.zeros(hidden.shape[2], dtype: hidden.dtype) : hidden[b].index_select(0, real).mean([0L]));
        }
        return torch.stack(rows);
    }));

    /// <summary>Also correct: the course's product with a float mask and the count clamped to 1.</summary>
    [Fact]
    public void The_courses_product_with_a_float_mask_passes() => AssertPasses(Check((hidden, mask) =>
    {
        var real = mask.unsqueeze(-1).to(hidden.dtype);
        return (hidden * real).sum(1) / real.sum(1).clamp_min(1);
    }));

    /// <summary>The guide's defect: no mask at all, so the padding is averaged in.</summary>
    [Fact]
    public void The_guides_plain_mean_over_all_positions_fails_values_and_padding_invariance()
    {
        var report = Check((hidden, mask) => hidden.mean([1L]));
        AssertFails(report, "values", "plain mean over all T", "the guide's encoder has no mask");
        AssertFails(report, "padding invariance", "padded values changed", "plain mean");
        AssertFails(report, "gradients reach only real positions", "padded position", "exactly 0");
    }

    [Fact]
    public void Dividing_by_T_instead_of_the_real_length_fails_values_and_says_so()
    {
        var report = Check((hidden, mask) => (hidden * mask.unsqueeze(-1).to(hidden.dtype)).sum(1) / hidden.shape[1]);
        AssertFails(report, "values", "divided by T", "real length");
        AssertFails(report, "padding invariance", "more padded positions");
    }

    [Fact]
    public void Dividing_by_an_unclamped_count_gives_NaN_for_a_sequence_of_only_padding()
    {
        AssertFails(Check((hidden, mask) =>
        {
            var real = mask.unsqueeze(-1).to(hidden.dtype);
            return (hidden * real).sum(1) / real.sum(1);
        }), "a sequence of only padding", "NaN", "clamp_min(1)");
    }

    /// <summary>A mistake seen only in float32 is reported with its worst difference (TensorDiff reads float32 values as doubles).</summary>
    [Fact]
    public void A_version_wrong_only_in_float32_fails_values_with_the_worst_difference()
    {
        var reference = (Func<Tensor, Tensor, Tensor>)PracticeCatalog.Reference(PracticeCatalog.Practice("06"))[0];
        AssertFails(Check((hidden, mask) => hidden.dtype == ScalarType.Float32 ? hidden.mean([1L]) : reference(hidden, mask)),
            "values", "Float32", "worst difference", "plain mean");
    }
}
