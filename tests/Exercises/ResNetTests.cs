using NeuralNotebooks.Data;
using NeuralNotebooks.Exercises.ResNet;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static NeuralNotebooks.Tests.Exercises.ModelTestKit;

namespace NeuralNotebooks.Tests.Exercises;

public class ResNetTests
{
    [Fact]
    public void Residual_and_plain_nets_give_ten_logits()
    {
        torch.manual_seed(0);
        var x = torch.randn(2, 1, 28, 28);
        using var residual = new ResNetClassifier(blocksPerStage: 1, residual: true, width: 4);
        using var plain = new ResNetClassifier(blocksPerStage: 1, residual: false, width: 4);
        Assert.Equal(new long[] { 2, 10 }, residual.call(x).shape);
        Assert.Equal(new long[] { 2, 10 }, plain.call(x).shape);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Depth_counts_the_weighted_layers_and_both_nets_have_it(int blocks)
    {
        using var residual = new ResNetClassifier(blocks, residual: true, width: 4);
        using var plain = new ResNetClassifier(blocks, residual: false, width: 4);
        static int MainPathLayers(ResNetClassifier m) =>
            m.named_modules().Count(n => (n.module is Conv2d || n.module is Linear) && !n.name.Contains("downsample"));
        Assert.Equal(6 * blocks + 2, residual.Depth);
        Assert.Equal(residual.Depth, MainPathLayers(residual));
        Assert.Equal(residual.Depth, MainPathLayers(plain));
    }

    [Fact]
    public void Projection_shortcuts_appear_exactly_where_the_shape_changes()
    {
        Assert.False(new BasicBlock(8, 8, stride: 1).HasProjection);
        Assert.True(new BasicBlock(8, 16, stride: 1).HasProjection);
        Assert.True(new BasicBlock(8, 8, stride: 2).HasProjection);
        Assert.False(new BasicBlock(8, 16, stride: 2, residual: false).HasProjection);

        using var net = new ResNetClassifier(blocksPerStage: 2, residual: true, width: 4);
        var projections = net.named_modules().Where(n => n.module is BasicBlock b && b.HasProjection).Select(n => n.name);
        Assert.Equal(["layer2.0", "layer3.0"], projections);
    }

    [Fact]
    public void A_block_whose_branch_outputs_zero_passes_its_input_through()
    {
        // With the last BN's γ and β at zero the residual branch adds nothing: the block is ReLU(x) = x for x ≥ 0.
        torch.manual_seed(1);
        using var block = new BasicBlock(4, 4);
        using (torch.no_grad())
            foreach (var (name, p) in block.named_parameters().Where(p => p.name.StartsWith("bn2")))
                p.zero_();
        block.eval();
        var x = torch.rand(2, 4, 6, 6);
        using var _ = torch.no_grad();
        Assert.True(torch.allclose(block.call(x), x, atol: 1e-6));
    }

    [Fact]
    public void Every_parameter_gets_a_gradient_in_both_nets()
    {
        torch.manual_seed(2);
        var (x, y) = ModelTestKit.TinyImages(4, 12);
        using var residual = new ResNetClassifier(blocksPerStage: 1, residual: true, width: 4);
        using var plain = new ResNetClassifier(blocksPerStage: 1, residual: false, width: 4);
        ModelTestKit.AssertEveryParameterGetsGradient(residual, x, y);
        ModelTestKit.AssertEveryParameterGetsGradient(plain, x, y);
    }

    [Fact]
    public void A_few_steps_on_tiny_data_lower_the_loss()
    {
        torch.manual_seed(3);
        using var model = new ResNetClassifier(blocksPerStage: 1, residual: true, width: 8);
        var (x, y) = ModelTestKit.TinyImages(20, 12);
        var (first, last) = ModelTestKit.TrainClassifier(model, x, y, steps: 25);
        Assert.True(last < first * 0.7, $"loss went from {first:F3} to {last:F3}");
    }

    [Fact]
    public void Wrong_channel_count_names_the_expected_shape()
    {
        using var model = new ResNetClassifier(blocksPerStage: 1, width: 4, inChannels: 1);
        var error = Assert.Throws<ArgumentException>(() => model.call(torch.zeros(2, 3, 28, 28)));
        Assert.Contains("expected input of shape [N, 1, H, W], got [2, 3, 28, 28]", error.Message);
    }

    [Fact]
    public void A_block_factory_builds_every_block_of_the_three_stages()
    {
        var built = new List<(int In, int Out, int Stride)>();
        using var model = new ResNetClassifier(blocksPerStage: 2, width: 4, block: (i, o, s) =>
        {
            built.Add((i, o, s));
            return new BasicBlock(i, o, s, residual: true);
        });

        Assert.Equal([(4, 4, 1), (4, 4, 1), (4, 8, 2), (8, 8, 1), (8, 16, 2), (16, 16, 1)], built);
        AssertShape(model.call(torch.randn(2, 1, 8, 8)), 2, 10);
    }

    [Fact]
    public void On_real_images_the_residual_net_trains_further_than_the_plain_net_of_the_same_depth()
    {
        // The notebook's claim at tiny size: 32 layers, the same initial weights, the same SGD steps on 256 real images
        // (14×14); the residual net's training loss ends clearly below the plain one's.
        var data = FashionMnist.Load(trainImages: 256, testImages: 1);
        var x = nn.functional.avg_pool2d(data.Train.Inputs, 2);
        var y = data.Train.Targets;
        torch.manual_seed(5);
        using var plain = new ResNetClassifier(blocksPerStage: 5, residual: false, width: 4);
        using var residual = new ResNetClassifier(blocksPerStage: 5, residual: true, width: 4);
        residual.load_state_dict(plain.state_dict(), strict: false);
        double LastLoss(ResNetClassifier net)
        {
            net.train();
            using var optimizer = optim.SGD(net.parameters(), 0.05, momentum: 0.9);
            return ModelTestKit.Train(optimizer, 40, _ => nn.functional.cross_entropy(net.call(x), y)).Last;
        }
        var (plainLoss, residualLoss) = (LastLoss(plain), LastLoss(residual));
        Assert.True(residualLoss < 0.85 * plainLoss, $"residual {residualLoss:F3} vs plain {plainLoss:F3}");
    }
}
