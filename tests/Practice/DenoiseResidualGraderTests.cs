using NeuralNotebooks.Practice;
using TorchSharp;
using static TorchSharp.torch;
using static NeuralNotebooks.Tests.Practice.GraderKit;

namespace NeuralNotebooks.Tests.Practice;

/// <summary>
/// The grader of practice 20 (DnCNN's residual learning and PSNR). The output is graded, not a loss: mse(noisy − f, clean)
/// equals mse(f, noisy − clean), so a loss-target check could not tell these versions apart.
/// </summary>
public class DenoiseResidualGraderTests
{
    static readonly Delegate[] Reference = PracticeCatalog.Reference(PracticeCatalog.Practice("20"));
    static readonly Func<Tensor, nn.Module<Tensor, Tensor>, Tensor> ReferenceDenoise = (Func<Tensor, nn.Module<Tensor, Tensor>, Tensor>)Reference[0];
    static readonly Func<Tensor, Tensor, double, double> ReferencePsnr = (Func<Tensor, Tensor, double, double>)Reference[1];

    static CheckReport Check(Func<Tensor, nn.Module<Tensor, Tensor>, Tensor> denoise, Func<Tensor, Tensor, double, double> psnr) =>
        NeuralNotebooks.Practice.Practice.Check("20", denoise, psnr);

    [Fact]
    public void The_reference_passes() => AssertPasses(NeuralNotebooks.Practice.Practice.Check("20", Reference));

    /// <summary>Written differently: the residual as add(…, alpha: −1); PSNR by a loop over images in doubles, Metrics.Psnr each.</summary>
    [Fact]
    public void A_loop_over_images_and_an_alpha_subtraction_pass() => AssertPasses(Check(
        (noisy, net) => noisy.add(net.call(noisy), alpha: -1),
        (denoised, clean, range) =>
        {
            var sum = 0.0;
            for (long i = 0; i < denoised.shape[0]; i++)
            {
                var mse = (denoised[i].to_type(ScalarType.Float64) - clean[i].to_type(ScalarType.Float64)).square().mean().item<double>();
                sum += mse == 0 ? double.PositiveInfinity : 20 * Math.Log10(range) - 10 * Math.Log10(mse);
            }
            return sum / denoised.shape[0];
        }));

    /// <summary>The guide's defect: a ReLU on the last layer, so the noise estimate can never be negative.</summary>
    [Fact]
    public void The_guides_relu_on_the_output_fails_values_and_says_so() =>
        AssertFails(Check((noisy, net) => noisy - nn.functional.relu(net.call(noisy)), ReferencePsnr), "values", "ReLU on the net's output", "guide");

    [Fact]
    public void Returning_the_nets_output_as_the_image_fails_residual()
    {
        var report = Check((noisy, net) => net.call(noisy), ReferencePsnr);
        AssertFails(report, "residual", "return the net's output as the image");
        AssertFails(report, "values", "return the net's output as the image");
    }

    [Fact]
    public void Adding_the_noise_fails_residual() =>
        AssertFails(Check((noisy, net) => noisy + net.call(noisy), ReferencePsnr), "residual", "add the predicted noise instead of subtracting");

    [Fact]
    public void A_detached_result_fails_gradients() =>
        AssertFails(Check((noisy, net) => ReferenceDenoise(noisy, net).detach(), ReferencePsnr), "gradients reach the net", "does not depend on the net");

    [Fact]
    public void Psnr_of_the_whole_batch_fails_per_image_and_says_so()
    {
        var report = Check(ReferenceDenoise, (denoised, clean, range) =>
        {
            var mse = (denoised.to_type(ScalarType.Float64) - clean.to_type(ScalarType.Float64)).square().mean().item<double>();
            return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(range * range / mse);
        });
        AssertFails(report, "PSNR per image", "PSNR of the whole batch", "per image");
        AssertFails(report, "PSNR of identical images", "+∞");
    }

    [Fact]
    public void Ignoring_the_data_range_fails_it_and_says_so() =>
        AssertFails(Check(ReferenceDenoise, (denoised, clean, range) => ReferencePsnr(denoised, clean, 1.0)), "PSNR data range", "dataRange is ignored");

    [Fact]
    public void An_epsilon_in_the_denominator_fails_the_identical_images_rule() =>
        AssertFails(Check(ReferenceDenoise, (denoised, clean, range) =>
        {
            var mse = (denoised.to_type(ScalarType.Float64) - clean.to_type(ScalarType.Float64)).square().flatten(1).mean(new long[] { 1 });
            return (10 * torch.log10(range * range / (mse + 1e-10))).mean().item<double>();
        }), "PSNR of identical images", "+∞");
}
