using NeuralNotebooks.Practice;
using TorchSharp;
using static TorchSharp.torch;
using static NeuralNotebooks.Tests.Practice.GraderKit;

namespace NeuralNotebooks.Tests.Practice;

/// <summary>The grader of practice 01 (backward pass of a two-layer MLP by hand): it passes correct code written two ways and fails broken code with the right property.</summary>
public class MlpBackwardGraderTests
{
    delegate (Tensor, Tensor, Tensor, Tensor) Backward(Tensor x, Tensor labels, Tensor w1, Tensor b1, Tensor w2, Tensor b2);

    static CheckReport Check(Func<Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, (Tensor, Tensor, Tensor, Tensor)> backward) =>
        NeuralNotebooks.Practice.Practice.Check("01", backward);

    [Fact]
    public void The_reference_passes() =>
        AssertPasses(NeuralNotebooks.Practice.Practice.Check("01", PracticeCatalog.Reference(PracticeCatalog.Practice("01"))));

    /// <summary>Written differently: log-softmax's exp, einsum for the weight gradients, where() for the ReLU.</summary>
    [Fact]
    public void A_differently_written_correct_backward_passes() => AssertPasses(Check((x, labels, w1, b1, w2, b2) =>
    {
        var z1 = torch.einsum("bi,hi->bh", x, w1) + b1;
        var h = torch.where(z1 > 0, z1, torch.zeros_like(z1));
        var logits = torch.einsum("bh,ch->bc", h, w2) + b2;
        var p = logits.log_softmax(1).exp();
        var delta = p.scatter_add(1, labels.unsqueeze(1), -torch.ones(labels.shape[0], 1, dtype: p.dtype)) / x.shape[0];
        var dZ1 = torch.where(z1 > 0, delta.matmul(w2), torch.zeros_like(z1));
        return (torch.einsum("bh,bi->hi", dZ1, x), dZ1.sum(dim: 0), torch.einsum("bc,bh->ch", delta, h), delta.sum(dim: 0));
    }));

    static (Tensor, Tensor, Tensor, Tensor) Reference(Tensor x, Tensor labels, Tensor w1, Tensor b1, Tensor w2, Tensor b2) =>
        ((Func<Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, (Tensor, Tensor, Tensor, Tensor)>)PracticeCatalog.Reference(PracticeCatalog.Practice("01"))[0])(x, labels, w1, b1, w2, b2);

    /// <summary>The guide's own bug: its "gradient" is (y − p), the negative of the loss gradient.</summary>
    [Fact]
    public void The_guides_sign_flipped_gradient_fails_in_values_and_cannot_overfit()
    {
        var report = Check((x, labels, w1, b1, w2, b2) =>
        {
            var (a, b, c, d) = Reference(x, labels, w1, b1, w2, b2);
            return (-a, -b, -c, -d);
        });
        AssertFails(report, "values", "wrong sign", "guide's own bug");
        Assert.Equal(PropertyOutcome.NotChecked, report.Properties.Single(p => p.Name == "overfits one batch").Outcome);
    }

    [Fact]
    public void Forgetting_the_mean_fails_in_values_and_says_so_with_a_heatmap()
    {
        var result = AssertFails(Check((x, labels, w1, b1, w2, b2) =>
        {
            var (a, b, c, d) = Reference(x, labels, w1, b1, w2, b2);
            var n = x.shape[0];
            return (a * n, b * n, c * n, d * n);
        }), "values", "worst difference", "not divided by the batch size");
        Assert.NotNull(result.Difference);
        Assert.Contains("|got − expected|", result.Difference!.ToText());
    }

    [Fact]
    public void A_softmax_by_hand_that_overflows_fails_stability()
    {
        AssertFails(Check((x, labels, w1, b1, w2, b2) =>
        {
            var z1 = x.matmul(w1.t()) + b1;
            var h = z1.relu();
            var e = (h.matmul(w2.t()) + b2).exp();
            var dLogits = (e / e.sum(1, keepdim: true) - torch.nn.functional.one_hot(labels, w2.shape[0]).to(x.dtype)) / x.shape[0];
            var dZ1 = dLogits.matmul(w2) * (z1 > 0).to(x.dtype);
            return (dZ1.t().matmul(x), dZ1.sum(dim: 0), dLogits.t().matmul(h), dLogits.sum(dim: 0));
        }), "stability ×1e4", "NaN or Inf", "softmax");
    }

    [Fact]
    public void Transposed_weight_gradients_fail_in_shapes()
    {
        AssertFails(Check((x, labels, w1, b1, w2, b2) =>
        {
            var (a, b, c, d) = Reference(x, labels, w1, b1, w2, b2);
            return (a.t(), b, c.t(), d);
        }), "shapes", "dW1 should have the shape of its parameter");
    }

    [Fact]
    public void A_first_layer_left_at_zero_fails_gradients_reach_every_parameter()
    {
        AssertFails(Check((x, labels, w1, b1, w2, b2) =>
        {
            var (_, _, c, d) = Reference(x, labels, w1, b1, w2, b2);
            return (torch.zeros_like(w1), torch.zeros_like(b1), c, d);
        }), "gradients reach every parameter", "dW1 is all zero");
    }
}
