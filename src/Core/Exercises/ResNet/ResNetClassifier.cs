using NeuralNotebooks.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.ResNet;

/// <summary>
/// Exercise 19: why residual connections matter, measured. A CIFAR-style ResNet (He et al. 2015, §4.2):
/// a 3x3 stem, three stages of <c>n</c> basic blocks at widths w, 2w, 4w (each later stage halves the
/// resolution with a stride-2 block and a projection shortcut), global average pooling and one linear layer:
/// 6n + 2 weighted layers. The same constructor with <c>residual: false</c> builds the "plain" network of the
/// same depth, widths and initialisation, only without shortcuts. Trained identically, the plain net's
/// training loss falls more slowly the deeper it is (the degradation problem), while the residual one's
/// does not: identity paths let the gradient reach early layers and let each block start near the identity.
/// The guide's "residual block" adds tensors of different shapes (valid convolutions and a pooling inside
/// the block), so it cannot even run.
/// </summary>
public sealed class ResNetClassifier : nn.Module<Tensor, Tensor>, IBatchNormFoldable
{
    private readonly Conv2d conv1;
    private readonly nn.Module<Tensor, Tensor> bn1;                 // BatchNorm2d; Identity once folded for inference
    private readonly ReLU relu;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Flatten flatten;
    private readonly Linear fc;

    public int InChannels { get; }

    /// <summary>Weighted layers: stem + 2 per block + the classifier (6n + 2).</summary>
    public int Depth { get; }

    /// <summary>
    /// <c>block</c> builds one block from (in channels, out channels, stride) — e.g. a notebook's own block class;
    /// by default it is <see cref="BasicBlock"/> with or without its shortcut, as <c>residual</c> says.
    /// </summary>
    public ResNetClassifier(int blocksPerStage = 3, bool residual = true, int width = 16, int inChannels = 1, int classes = 10,
        Func<int, int, int, nn.Module<Tensor, Tensor>>? block = null)
        : base(residual ? "ResNet" : "PlainNet")
    {
        if (blocksPerStage < 1) throw new ArgumentOutOfRangeException(nameof(blocksPerStage), blocksPerStage, "need at least one block per stage.");
        InChannels = inChannels;
        Depth = 6 * blocksPerStage + 2;
        conv1 = nn.Conv2d(inChannels, width, kernel_size: 3, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(width);
        relu = nn.ReLU();
        block ??= (input, output, stride) => new BasicBlock(input, output, stride, residual);
        layer1 = Stage(width, width, blocksPerStage, stride: 1, block);             // H×W
        layer2 = Stage(width, 2 * width, blocksPerStage, stride: 2, block);         // H/2
        layer3 = Stage(2 * width, 4 * width, blocksPerStage, stride: 2, block);     // H/4
        avgpool = nn.AdaptiveAvgPool2d(1);
        flatten = nn.Flatten();
        fc = nn.Linear(4 * width, classes);
        RegisterComponents();
        InitialiseWeights();
    }

    // The folded inference copy (see FoldBatchNorm): the stem's BatchNorm lives in conv1, every block is folded.
    private ResNetClassifier(ResNetClassifier trained, Conv2d conv1, Sequential layer1, Sequential layer2, Sequential layer3, Linear fc)
        : base(trained.GetName())
    {
        (InChannels, Depth) = (trained.InChannels, trained.Depth);
        (this.conv1, bn1, relu) = (conv1, nn.Identity(), nn.ReLU());
        (this.layer1, this.layer2, this.layer3, this.fc) = (layer1, layer2, layer3, fc);
        (avgpool, flatten) = (nn.AdaptiveAvgPool2d(1), nn.Flatten());
        RegisterComponents();
    }

    /// <summary>Works when every block does (the default <see cref="BasicBlock"/> does; see <see cref="BatchNormFolding"/>).</summary>
    public nn.Module<Tensor, Tensor> FoldBatchNorm() => new ResNetClassifier(this,
        (Conv2d)BatchNormFolding.FoldPair(conv1, (BatchNorm2d)bn1), (Sequential)BatchNormFolding.Fold(layer1),
        (Sequential)BatchNormFolding.Fold(layer2), (Sequential)BatchNormFolding.Fold(layer3), (Linear)BatchNormFolding.Fold(fc));

    static Sequential Stage(int inChannels, int outChannels, int blocks, int stride, Func<int, int, int, nn.Module<Tensor, Tensor>> block)
    {
        var stage = nn.Sequential();
        for (var i = 0; i < blocks; i++)
            stage.append(block(i == 0 ? inChannels : outChannels, outChannels, i == 0 ? stride : 1));
        return stage;
    }

    /// <summary>He (Kaiming) normal for every convolution, as in the paper; BN starts at γ = 1, β = 0.</summary>
    void InitialiseWeights()
    {
        using var _ = torch.no_grad();
        foreach (var module in modules())
            if (module is Conv2d conv)
                nn.init.kaiming_normal_(conv.weight!, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
    }

    public override Tensor forward(Tensor x)
    {
        InputChecks.Images(x, GetType().Name, channels: InChannels);
        x = relu.call(bn1.call(conv1.call(x)));      // (B, w, H, W)
        x = layer1.call(x);                          // (B, w, H, W)
        x = layer2.call(x);                          // (B, 2w, H/2, W/2)
        x = layer3.call(x);                          // (B, 4w, H/4, W/4)
        x = flatten.call(avgpool.call(x));           // (B, 4w)
        return fc.call(x);                           // (B, classes)
    }
}
