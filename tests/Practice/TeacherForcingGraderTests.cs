using NeuralNotebooks.Practice;
using TorchSharp;
using static TorchSharp.torch;
using static NeuralNotebooks.Tests.Practice.GraderKit;

namespace NeuralNotebooks.Tests.Practice;

/// <summary>The grader of practice 15 (teacher forcing's shift; the decoder's causal-and-padding mask).</summary>
public class TeacherForcingGraderTests
{
    static readonly Delegate[] Reference = PracticeCatalog.Reference(PracticeCatalog.Practice("15"));
    static readonly Func<Tensor, (Tensor, Tensor)> ReferenceShift = (Func<Tensor, (Tensor, Tensor)>)Reference[0];
    static readonly Func<Tensor, long, Tensor> ReferenceMask = (Func<Tensor, long, Tensor>)Reference[1];

    static CheckReport Check(Func<Tensor, (Tensor, Tensor)>? shift = null, Func<Tensor, long, Tensor>? mask = null) =>
        NeuralNotebooks.Practice.Practice.Check("15", shift ?? ReferenceShift, mask ?? ReferenceMask);

    static Tensor Causal(long t) => torch.ones(t, t, dtype: ScalarType.Bool).tril().view(1, 1, t, t);

    [Fact]
    public void The_reference_passes() => AssertPasses(NeuralNotebooks.Practice.Practice.Check("15", Reference));

    /// <summary>Written differently: narrow for the shift; the mask from position indices compared, with einsum-free broadcasting of four conditions.</summary>
    [Fact]
    public void A_narrow_shift_and_an_index_comparison_mask_pass() => AssertPasses(Check(
        target => (target.narrow(1, 0, target.shape[1] - 1), target.narrow(1, 1, target.shape[1] - 1)),
        (input, padId) =>
        {
            var t = input.shape[1];
            var query = torch.arange(t).view(t, 1);
            var key = torch.arange(t).view(1, t);
            var keyIsReal = input.unsqueeze(1).unsqueeze(1) != padId;             // (B, 1, 1, T)
            return (key <= query).unsqueeze(0).unsqueeze(0) & keyIsReal;
        }));

    [Fact]
    public void No_shift_fails_and_says_the_decoder_sees_the_token_it_must_predict()
    {
        AssertFails(Check(shift: target => (target[.., 1..], target[.., 1..])), "shift: values", "no shift", "the very token it must predict");
    }

    [Fact]
    public void Passing_the_whole_target_fails_the_shift_shapes()
    {
        AssertFails(Check(shift: target => (target, target)), "shift: shapes", "the whole target");
    }

    [Fact]
    public void A_causal_mask_without_padding_fails_key_padding()
    {
        var report = Check(mask: (input, padId) => Causal(input.shape[1]).expand(input.shape[0], 1, input.shape[1], input.shape[1]));
        AssertFails(report, "mask: key padding", "pad token", "a causal mask without padding");
        AssertFails(report, "no look-ahead", "real query");
    }

    [Fact]
    public void Padding_on_the_query_axis_fails_key_padding_and_padded_rows()
    {
        var report = Check(mask: (input, padId) => Causal(input.shape[1]).logical_and(input.ne(padId).view(input.shape[0], 1, input.shape[1], 1)));
        AssertFails(report, "mask: key padding", "QUERY axis");
        AssertFails(report, "padded query rows", "NaN", "QUERY axis");
    }

    /// <summary>The guide's defect: the decoder has no causal mask (here: padding only).</summary>
    [Fact]
    public void The_guides_missing_causal_mask_fails_and_says_so()
    {
        var report = Check(mask: (input, padId) => input.ne(padId).view(input.shape[0], 1, 1, input.shape[1]).expand(input.shape[0], 1, input.shape[1], input.shape[1]));
        AssertFails(report, "mask: causal", "later key", "the guide's decoder has no causal mask");
        AssertFails(report, "no look-ahead", "after position");
    }

    [Fact]
    public void A_mask_without_the_diagonal_fails_values_and_padded_rows()
    {
        var report = Check(mask: (input, padId) =>
        {
            var t = input.shape[1];
            return torch.ones(t, t, dtype: ScalarType.Bool).tril(-1).view(1, 1, t, t).logical_and(input.ne(padId).view(input.shape[0], 1, 1, t));
        });
        AssertFails(report, "mask: values", "diagonal is missing");
        AssertFails(report, "padded query rows", "NaN");
    }

    [Fact]
    public void A_float_mask_fails_shape_and_dtype()
    {
        AssertFails(Check(mask: (input, padId) => ReferenceMask(input, padId).to(ScalarType.Float32)), "mask: shape and dtype", "boolean");
    }
}
