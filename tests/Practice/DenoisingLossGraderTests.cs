using NeuralNotebooks.Practice;
using TorchSharp;
using static TorchSharp.torch;
using static NeuralNotebooks.Tests.Practice.GraderKit;

namespace NeuralNotebooks.Tests.Practice;

/// <summary>The grader of practice 07 (the denoising autoencoder's corruption and loss).</summary>
public class DenoisingLossGraderTests
{
    static CheckReport Check(Func<Tensor, nn.Module<Tensor, Tensor>, double, Generator, (Tensor, Tensor)> loss) =>
        NeuralNotebooks.Practice.Practice.Check("07", loss);

    [Fact]
    public void The_reference_passes() => AssertPasses(NeuralNotebooks.Practice.Practice.Check("07", PracticeCatalog.Reference(PracticeCatalog.Practice("07"))));

    /// <summary>Written differently: normal_ on an empty tensor with the generator, clamp by where, the MSE by hand.</summary>
    [Fact]
    public void Normal_draw_where_clamp_and_a_hand_written_mse_pass() => AssertPasses(Check((clean, model, std, generator) =>
    {
        var noise = torch.empty_like(clean).normal_(0, 1, generator);
        var raw = clean + noise * std;
        var noisy = torch.where(raw < 0, torch.zeros_like(raw), torch.where(raw > 1, torch.ones_like(raw), raw));
        var difference = model.call(noisy) - clean;
        return ((difference * difference).sum() / difference.numel(), noisy);
    }));

    /// <summary>The guide's defect: the input is its own target.</summary>
    [Fact]
    public void The_guides_noisy_target_fails_the_clean_target()
    {
        AssertFails(Check((clean, model, std, generator) =>
        {
            var noisy = (clean + std * torch.randn(clean.shape, dtype: clean.dtype, generator: generator)).clamp(0, 1);
            return (nn.functional.mse_loss(model.call(noisy), noisy), noisy);
        }), "the target is the clean image", "with a model that returns its input", "the guide fits its input to itself");
    }

    [Fact]
    public void No_clamp_fails_clamped_and_reproducible()
    {
        AssertFails(Check((clean, model, std, generator) =>
        {
            var noisy = clean + std * torch.randn(clean.shape, dtype: clean.dtype, generator: generator);
            return (nn.functional.mse_loss(model.call(noisy), clean), noisy);
        }), "clamped and reproducible", "outside [0, 1]", "clamp");
    }

    [Fact]
    public void The_global_generator_fails_clamped_and_reproducible()
    {
        AssertFails(Check((clean, model, std, generator) =>
        {
            var noisy = (clean + std * torch.randn(clean.shape, dtype: clean.dtype)).clamp(0, 1);
            return (nn.functional.mse_loss(model.call(noisy), clean), noisy);
        }), "clamped and reproducible", "same seed", "given generator");
    }

    [Fact]
    public void Uniform_noise_fails_the_noise_level()
    {
        AssertFails(Check((clean, model, std, generator) =>
        {
            var noisy = (clean + std * torch.rand(clean.shape, dtype: clean.dtype, generator: generator)).clamp(0, 1);
            return (nn.functional.mse_loss(model.call(noisy), clean), noisy);
        }), "noise level", "randn");
    }

    [Fact]
    public void A_model_run_on_the_clean_batch_fails_noise_only_on_the_input()
    {
        AssertFails(Check((clean, model, std, generator) =>
        {
            var noisy = (clean + std * torch.randn(clean.shape, dtype: clean.dtype, generator: generator)).clamp(0, 1);
            return (nn.functional.mse_loss(model.call(clean), clean), noisy);
        }), "noise only on the input", "run on the noisy batch");
    }
}
