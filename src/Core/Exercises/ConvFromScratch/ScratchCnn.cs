using NeuralNotebooks.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.ConvFromScratch;

#region ScratchCnn
/// <summary>
/// A small image classifier built only from the from-scratch layers (plus ReLU and one Linear):
/// [conv 3x3 → ReLU → max-pool 2] × 2 → flatten → fully connected, for 1×28×28 images and 10 classes.
/// </summary>
public sealed class ScratchCnn : nn.Module<Tensor, Tensor>
{
    private readonly ScratchConv2d conv1, conv2;
    private readonly ReLU relu1, relu2;
    private readonly ScratchMaxPool2d pool1, pool2;
    private readonly Flatten flatten;
    private readonly Linear fc;

    public ScratchCnn(int width = 16, int classes = 10) : base(nameof(ScratchCnn))
    {
        conv1 = new ScratchConv2d(1, width, kernelSize: 3, padding: 1);          // 28x28
        relu1 = nn.ReLU();
        pool1 = new ScratchMaxPool2d(2);                                         // → 14x14
        conv2 = new ScratchConv2d(width, 2 * width, kernelSize: 3, padding: 1);
        relu2 = nn.ReLU();
        pool2 = new ScratchMaxPool2d(2);                                         // → 7x7
        flatten = nn.Flatten();
        fc = nn.Linear(2 * width * 7 * 7, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        InputChecks.Images(x, GetType().Name, channels: 1, height: 28, width: 28);
        x = pool1.call(relu1.call(conv1.call(x)));   // (B, w, 14, 14)
        x = pool2.call(relu2.call(conv2.call(x)));   // (B, 2w, 7, 7)
        return fc.call(flatten.call(x));             // (B, classes)
    }
}
#endregion
