using NeuralNotebooks.Blocks;
using NeuralNotebooks.Data;
using NeuralNotebooks.Exercises.CnnClassifier;
using NeuralNotebooks.Exercises.ResNet;
using NeuralNotebooks.Tests.Exercises;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Tests.Blocks;

public class BatchNormFoldingTests
{
    /// <summary>BatchNorm as after training: γ, β, running mean and variance far from their initial 1, 0, 0, 1.</summary>
    static void GiveBatchNormsTrainedStatistics(nn.Module model)
    {
        using var noGrad = torch.no_grad();
        foreach (var bn in model.modules().OfType<BatchNorm>())
        {
            bn.weight!.copy_(torch.rand_like(bn.weight) + 0.5);
            bn.bias!.copy_(torch.randn_like(bn.bias));
            bn.running_mean!.copy_(torch.randn_like(bn.running_mean));
            bn.running_var!.copy_(torch.rand_like(bn.running_var) * 2 + 0.1);
        }
    }

    static long Count(IEnumerable<Parameter> parameters) => parameters.Sum(p => p.numel());

    /// <summary>What folding removes: γ and β of each BatchNorm, minus the bias each bias-free convolution gains.</summary>
    static long ExpectedSaving(nn.Module model) =>
        model.modules().OfType<BatchNorm>().Sum(bn => 2 * bn.num_features)
        - model.modules().OfType<Convolution>().Where(c => c.bias is null).Sum(c => c.out_channels);

    static void AssertFoldedEqualsEval(nn.Module<Tensor, Tensor> model, Tensor x)
    {
        model.eval();
        var before = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        var folded = BatchNormFolding.Fold(model);
        using var noGrad = torch.no_grad();
        var expected = model.call(x);
        var actual = folded.call(x);
        var difference = (expected - actual).abs().max().item<float>();
        Assert.True(difference <= 1e-5f, $"folded and unfolded outputs differ by {difference:E2}");
        Assert.Empty(folded.modules().OfType<BatchNorm>());
        Assert.Equal(Count(model.parameters()) - ExpectedSaving(model), Count(folded.parameters()));
        Assert.True(ExpectedSaving(model) > 0);
        foreach (var (name, value) in model.state_dict())
            Assert.True(value.equal(before[name]).all().item<bool>(), $"the original's {name} changed");
        Assert.Contains(model.modules(), m => m is BatchNorm);
    }

    [Fact]
    public void Fashion_cnn_folded_gives_the_eval_outputs_on_random_images()
    {
        torch.manual_seed(0);
        using var model = new FashionCnn(width: 4, hidden: 16);
        GiveBatchNormsTrainedStatistics(model);
        AssertFoldedEqualsEval(model, torch.randn(8, 1, 28, 28));
    }

    [Fact]
    public void The_denoiser_folded_gives_the_eval_outputs_and_still_denoises()
    {
        torch.manual_seed(2);
        using var model = new NeuralNotebooks.Exercises.DenoisingCnn.DnCnn(channels: 1, width: 8, depth: 5);
        GiveBatchNormsTrainedStatistics(model);
        AssertFoldedEqualsEval(model, torch.rand(4, 1, 20, 20));
        var folded = (NeuralNotebooks.Exercises.DenoisingCnn.DnCnn)BatchNormFolding.Fold(model);
        using var noGrad = torch.no_grad();
        var noisy = torch.rand(2, 1, 12, 12);
        Assert.True((model.Denoise(noisy) - folded.Denoise(noisy)).abs().max().item<float>() <= 1e-5f);
    }

    [Fact]
    public void Fashion_cnn_folded_gives_the_eval_outputs_on_fashion_mnist_after_training()
    {
        torch.manual_seed(1);
        var images = FashionMnist.Load(trainImages: 64, testImages: 16);
        using var model = new FashionCnn(width: 8, hidden: 16);
        ModelTestKit.TrainClassifier(model, images.Train.Inputs, images.Train.Targets, steps: 5);   // real running statistics
        AssertFoldedEqualsEval(model, images.Test.Inputs);
    }

    [Fact]
    public void Residual_and_plain_nets_fold_including_the_projection_shortcuts()
    {
        torch.manual_seed(2);
        foreach (var residual in new[] { true, false })
        {
            using var model = new ResNetClassifier(blocksPerStage: 2, residual: residual, width: 4);
            GiveBatchNormsTrainedStatistics(model);
            AssertFoldedEqualsEval(model, torch.randn(4, 1, 12, 12));
        }
    }

    [Fact]
    public void A_sequential_of_conv1d_and_batchnorm1d_with_conv_biases_folds()
    {
        torch.manual_seed(3);
        using var model = nn.Sequential(("conv", nn.Conv1d(3, 5, 3, padding: 1)), ("bn", nn.BatchNorm1d(5)), ("relu", nn.ReLU()),
            ("conv2", nn.Conv1d(5, 4, 3, stride: 2)), ("bn2", nn.BatchNorm1d(4)));
        GiveBatchNormsTrainedStatistics(model);
        AssertFoldedEqualsEval(model, torch.randn(6, 3, 20));
    }

    [Fact]
    public void A_model_in_training_mode_is_refused()
    {
        using var model = new FashionCnn(width: 4, hidden: 16);
        model.train();
        var error = Assert.Throws<InvalidOperationException>(() => BatchNormFolding.Fold(model));
        Assert.Contains("is in training mode", error.Message);
        Assert.Contains("Call model.eval() first", error.Message);
    }

    [Fact]
    public void A_batchnorm_not_after_a_convolution_is_refused_with_its_name()
    {
        using var model = nn.Sequential(("fc", nn.Linear(4, 4)), ("bn", nn.BatchNorm1d(4)));
        model.eval();
        var error = Assert.Throws<InvalidOperationException>(() => BatchNormFolding.Fold(model));
        Assert.Contains("'bn' (BatchNorm1d): it is not preceded by a convolution (it follows a Linear)", error.Message);
    }

    [Fact]
    public void A_custom_module_with_parameters_is_refused_with_what_to_do()
    {
        using var model = nn.Sequential(("fc", nn.Linear(4, 4)), ("custom", new Opaque()));
        model.eval();
        var error = Assert.Throws<NotSupportedException>(() => BatchNormFolding.Fold(model));
        Assert.Contains("'custom' (Opaque)", error.Message);
        Assert.Contains(nameof(IBatchNormFoldable), error.Message);
    }

    sealed class Opaque : nn.Module<Tensor, Tensor>
    {
        private readonly Conv1d conv = nn.Conv1d(4, 4, 1);
        private readonly BatchNorm1d bn = nn.BatchNorm1d(4);
        public Opaque() : base(nameof(Opaque)) => RegisterComponents();
        public override Tensor forward(Tensor x) => bn.call(conv.call(x));
    }
}
