using NeuralNotebooks.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.CnnClassifier;

/// <summary>
/// Exercise 8: a convolutional classifier for 28×28 grey images (Fashion-MNIST), the standard recipe
/// made explicit: two stages of [conv-BN-ReLU × 2 → max-pool 2] extract features at 28×28 and 14×14,
/// then a fully connected head with Dropout maps the 7×7 feature maps to 10 logits. BatchNorm lets it
/// train fast at a high learning rate, Dropout (active only in training mode) keeps the dense head from
/// memorising; the loss is cross-entropy on logits (no softmax layer: cross_entropy applies log-softmax).
/// The guide's Keras version "trains" on two random images with random-normal labels, so it learns nothing.
/// </summary>
#region FashionCnn
public sealed class FashionCnn : nn.Module<Tensor, Tensor>
{
    private readonly ConvBnRelu block1, block2, block3, block4;
    private readonly MaxPool2d pool1, pool2;
    private readonly Flatten flatten;
    private readonly Dropout dropout1, dropout2;
    private readonly Linear fc1, fc2;
    private readonly ReLU relu;

    /// <summary>A net whose first stage has <c>width</c> channels (the second twice as many): 32 in full mode.</summary>
    public FashionCnn(int width = 32, int hidden = 128, int classes = 10, double dropout = 0.4) : base(nameof(FashionCnn))
    {
        block1 = new ConvBnRelu(1, width);                 // 28×28
        block2 = new ConvBnRelu(width, width);
        pool1 = nn.MaxPool2d(2);                           // → 14×14
        block3 = new ConvBnRelu(width, 2 * width);
        block4 = new ConvBnRelu(2 * width, 2 * width);
        pool2 = nn.MaxPool2d(2);                           // → 7×7
        flatten = nn.Flatten();
        dropout1 = nn.Dropout(dropout / 2);
        fc1 = nn.Linear(2 * width * 7 * 7, hidden);
        relu = nn.ReLU();
        dropout2 = nn.Dropout(dropout);
        fc2 = nn.Linear(hidden, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        InputChecks.Images(x, GetType().Name, channels: 1, height: 28, width: 28);
        x = pool1.call(block2.call(block1.call(x)));        // (B, w, 14, 14)
        x = pool2.call(block4.call(block3.call(x)));        // (B, 2w, 7, 7)
        x = dropout1.call(flatten.call(x));                 // (B, 2w·49)
        x = dropout2.call(relu.call(fc1.call(x)));          // (B, hidden)
        return fc2.call(x);                                 // (B, classes) logits
    }
}
#endregion
