using NeuralNotebooks.Exercises.DenoisingCnn;
using NeuralNotebooks.Runtime;
using NeuralNotebooks.Training;
using TorchSharp;
using static NeuralNotebooks.Tests.Exercises.ModelTestKit;

namespace NeuralNotebooks.Tests.Exercises;

public class DenoisingCnnTests
{
    [Fact]
    public void It_predicts_a_noise_map_the_size_of_the_input_and_denoises_by_subtracting_it()
    {
        Seed.Set(0);
        var model = new DnCnn(width: 8, depth: 4);
        model.eval();
        var x = torch.rand(2, 1, 13, 17);
        var noise = model.call(x);
        AssertShape(noise, 2, 1, 13, 17);
        Assert.True(model.Denoise(x).allclose(x - noise, atol: 1e-6));
        Assert.Equal(4, model.modules().OfType<TorchSharp.Modules.Conv2d>().Count());      // depth = number of convolutions
        Assert.Equal(2, model.modules().OfType<TorchSharp.Modules.BatchNorm2d>().Count()); // BN on the inner ones only
    }

    [Fact]
    public void Gradients_reach_every_parameter()
    {
        Seed.Set(0);
        var model = new DnCnn(width: 8, depth: 4);
        torch.nn.functional.mse_loss(model.call(torch.rand(4, 1, 16, 16)), torch.randn(4, 1, 16, 16)).backward();
        AssertEveryParameterGetsGradient(model);
    }

    [Fact]
    public void Trained_to_predict_the_noise_it_beats_the_best_classical_filter_and_ending_in_relu_like_the_guide_it_does_not()
    {
        // Piecewise-constant grey images (a bar brighter than the background), noise σ = 0.1: little is clipped, and a blur
        // pays for the noise it removes by smearing the edges.
        var clean = torch.full(16, 1, 20, 20, 0.3f);
        for (var i = 0; i < 16; i++) clean[i, 0, (1 + i / 2)..(9 + i / 2), (2 + i % 8)..(10 + i % 8)] = torch.tensor(0.7f);
        torch.Tensor Noisy(int seed) => (clean + 0.1 * torch.randn(clean.shape, generator: new torch.Generator((ulong)seed))).clamp(0, 1);
        var (train, validation, test) = (Noisy(1), Noisy(2), Noisy(3));   // three independent noise draws
        var filter = ClassicalDenoisers.ChooseOnValidation(validation, clean).Best;
        var filterPsnr = Metrics.Psnr(ClassicalDenoisers.Filtered(filter, test), clean);

        double TestPsnr(bool endInRelu)
        {
            Seed.Set(0);
            var dncnn = new DnCnn(width: 16, depth: 4);
            torch.nn.Module<torch.Tensor, torch.Tensor> net = endInRelu ? torch.nn.Sequential(("dncnn", dncnn), ("relu", torch.nn.ReLU())) : dncnn;
            using var optimizer = torch.optim.Adam(net.parameters(), 3e-3);
            Train(optimizer, 120, _ => torch.nn.functional.mse_loss(net.call(train), train - clean));   // target: the noise
            net.eval();
            using var _ = torch.no_grad();
            return Metrics.Psnr((test - net.call(test)).clamp(0, 1), clean);
        }
        var denoised = TestPsnr(endInRelu: false);
        var likeTheGuide = TestPsnr(endInRelu: true);
        Assert.True(denoised > filterPsnr + 1, $"DnCNN {denoised:F2} dB vs {filter} {filterPsnr:F2} dB");
        Assert.True(likeTheGuide < filterPsnr, $"ending in ReLU {likeTheGuide:F2} dB vs {filter} {filterPsnr:F2} dB");
    }

    [Fact]
    public void Bad_inputs_get_clear_errors()
    {
        var e = Assert.Throws<ArgumentException>(() => new DnCnn().call(torch.rand(1, 3, 8, 8)));
        Assert.Equal("DnCnn: expected input of shape [N, 1, H, W], got [1, 3, 8, 8].", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DnCnn(depth: 2));
    }
}
