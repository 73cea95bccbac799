using NeuralNotebooks.Practice;
using TorchSharp;
using static TorchSharp.torch;
using static NeuralNotebooks.Tests.Practice.GraderKit;

namespace NeuralNotebooks.Tests.Practice;

/// <summary>The grader of practice 08 (folding an eval-mode BatchNorm into the convolution before it).</summary>
public class BatchNormFoldGraderTests
{
    static CheckReport Check(Func<Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, double, (Tensor, Tensor)> fold) =>
        NeuralNotebooks.Practice.Practice.Check("08", fold);

    [Fact]
    public void The_reference_passes() => AssertPasses(NeuralNotebooks.Practice.Practice.Check("08", PracticeCatalog.Reference(PracticeCatalog.Practice("08"))));

    /// <summary>Written differently: a loop over output channels, BN's formula applied to each filter, rsqrt, stacked.</summary>
    [Fact]
    public void A_loop_over_output_channels_passes() => AssertPasses(Check((weight, bias, mean, variance, gamma, beta, eps) =>
    {
        var filters = new List<Tensor>();
        var biases = new List<Tensor>();
        for (long o = 0; o < weight.shape[0]; o++)
        {
            var s = gamma[o] * (variance[o] + eps).rsqrt();
            filters.Add(weight[o] * s);
            biases.Add(beta[o] + s * ((bias is null ? 0.0 : bias[o]) - mean[o]));
        }
        return (torch.stack(filters), torch.stack(biases));
    }));

    /// <summary>Also correct: einsum for the weight, BN applied to the bias as if it were the conv's output (batch_norm on b).</summary>
    [Fact]
    public void Einsum_and_batch_norm_on_the_bias_pass() => AssertPasses(Check((weight, bias, mean, variance, gamma, beta, eps) =>
    {
        var s = gamma / (variance + eps).sqrt();
        var b = bias ?? torch.zeros_like(mean);
        var foldedBias = nn.functional.batch_norm(b.unsqueeze(0), mean, variance, gamma, beta, training: false, eps: eps).squeeze(0);
        return (torch.einsum("ocij,o->ocij", weight, s), foldedBias);
    }));

    /// <summary>The guide's CNN has no BatchNorm at all: "folding" that leaves the convolution as it was ignores a layer the model has.</summary>
    [Fact]
    public void Ignoring_the_BatchNorm_as_the_guides_CNN_does_fails_values() =>
        AssertFails(Check((weight, bias, mean, variance, gamma, beta, eps) => (weight.clone(), (bias ?? torch.zeros_like(mean)).clone())), "values");

    [Fact]
    public void Forgetting_the_running_mean_fails_values_and_says_so()
    {
        var report = Check((weight, bias, mean, variance, gamma, beta, eps) =>
        {
            var s = gamma / (variance + eps).sqrt();
            return (weight * s.view(-1, 1, 1, 1), (bias ?? torch.zeros_like(mean)) * s + beta);
        });
        AssertFails(report, "values", "folded bias", "running mean is missing", "(b − μ)·s + β");
        AssertFails(report, "a convolution without bias", "folded bias", "running mean is missing");
    }

    [Fact]
    public void Dividing_by_the_variance_fails_values_and_says_so()
    {
        var report = Check((weight, bias, mean, variance, gamma, beta, eps) =>
        {
            var s = gamma / (variance + eps);
            return (weight * s.view(-1, 1, 1, 1), ((bias ?? torch.zeros_like(mean)) - mean) * s + beta);
        });
        AssertFails(report, "values", "folded weight", "variance σ²", "standard deviation");
    }

    [Fact]
    public void Gamma_in_the_bias_only_fails_values_and_says_so()
    {
        AssertFails(Check((weight, bias, mean, variance, gamma, beta, eps) =>
        {
            var std = (variance + eps).sqrt();
            return (weight / std.view(-1, 1, 1, 1), ((bias ?? torch.zeros_like(mean)) - mean) * gamma / std + beta);
        }), "values", "folded weight", "γ went into the bias only");
    }

    /// <summary>Per input channel: cannot broadcast when O ≠ C, so it fails at shapes, naming the output-channel axis.</summary>
    [Fact]
    public void Scaling_per_input_channel_fails_shapes_naming_the_output_axis()
    {
        AssertFails(Check((weight, bias, mean, variance, gamma, beta, eps) =>
        {
            var s = gamma / (variance + eps).sqrt();
            return (weight * s.view(1, -1, 1, 1), ((bias ?? torch.zeros_like(mean)) - mean) * s + beta);
        }), "shapes", "did not broadcast", "OUTPUT channel", "s.view(-1, 1, 1, 1)");
    }

    [Fact]
    public void Leaving_eps_out_fails_eps_is_used()
    {
        AssertFails(Check((weight, bias, mean, variance, gamma, beta, eps) =>
        {
            var s = gamma / variance.sqrt();
            return (weight * s.view(-1, 1, 1, 1), ((bias ?? torch.zeros_like(mean)) - mean) * s + beta);
        }), "ε is used", "ε = 1e-3", "under the square root");
    }

    /// <summary>A version that crashes on a null bias (the usual conv before BN) is the learner's error, reported as such.</summary>
    [Fact]
    public void Assuming_a_conv_bias_fails_without_bias()
    {
        var report = Check((weight, bias, mean, variance, gamma, beta, eps) =>
        {
            var s = gamma / (variance + eps).sqrt();
            return (weight * s.view(-1, 1, 1, 1), (bias - mean) * s + beta);
        });
        Assert.False(report.Passed, report.ToString());
        Assert.Contains("FoldBatchNorm", report.ToString());
    }
}
