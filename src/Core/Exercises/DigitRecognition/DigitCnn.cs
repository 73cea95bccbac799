using NeuralNotebooks.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.DigitRecognition;

/// <summary>
/// Exercise 18: a CNN for handwritten digits, sized for the image it gets — the 8×8 digits that ship
/// offline (1,797 scans, 16 grey levels) or 28×28 MNIST when it can be downloaded. Two conv-BN-ReLU
/// stages with max-pooling (8→4→2 or 28→14→7), Dropout, one linear layer to 10 logits. With so few
/// training images the point is doing it right: a held-out test split never seen in training,
/// normalised inputs, cross-entropy on logits, and looking at the mistakes it still makes.
/// </summary>
#region DigitCnn
public sealed class DigitCnn : nn.Module<Tensor, Tensor>
{
    private readonly ConvBnRelu block1, block2, block3;
    private readonly MaxPool2d pool1, pool2;
    private readonly Flatten flatten;
    private readonly Dropout dropout;
    private readonly Linear fc;

    public int ImageSize { get; }

    /// <summary>A net for square images of <c>imageSize</c> pixels: 8 for the offline digits, 28 for MNIST (any multiple of 4).</summary>
    public DigitCnn(int imageSize = 8, int width = 32, int classes = 10, double dropoutRate = 0.3) : base(nameof(DigitCnn))
    {
        if (imageSize < 4 || imageSize % 4 != 0)
            throw new ArgumentException($"image size must be a multiple of 4 (8 for the offline digits, 28 for MNIST); got {imageSize}.");
        ImageSize = imageSize;
        block1 = new ConvBnRelu(1, width);                      // s×s
        block2 = new ConvBnRelu(width, width);
        pool1 = nn.MaxPool2d(2);                                // → s/2
        block3 = new ConvBnRelu(width, 2 * width);
        pool2 = nn.MaxPool2d(2);                                // → s/4
        flatten = nn.Flatten();
        dropout = nn.Dropout(dropoutRate);
        fc = nn.Linear(2 * width * (imageSize / 4) * (imageSize / 4), classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        InputChecks.Images(x, GetType().Name, channels: 1, height: ImageSize, width: ImageSize);
        x = pool1.call(block2.call(block1.call(x)));            // (B, w, s/2, s/2)
        x = pool2.call(block3.call(x));                         // (B, 2w, s/4, s/4)
        return fc.call(dropout.call(flatten.call(x)));          // (B, classes) logits
    }
}
#endregion
