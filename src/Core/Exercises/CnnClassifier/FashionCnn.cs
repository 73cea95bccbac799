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
/// Both parts are Sequentials, so <see cref="BatchNormFolding"/> can fold every BatchNorm for inference.
/// The guide's Keras version "trains" on two random images with random-normal labels, so it learns nothing.
/// </summary>
#region FashionCnn
public sealed class FashionCnn : nn.Module<Tensor, Tensor>, IBatchNormFoldable
{
    private readonly Sequential features, classifier;

    /// <summary>A net whose first stage has <c>width</c> channels (the second twice as many): 32 in full mode.</summary>
    public FashionCnn(int width = 32, int hidden = 128, int classes = 10, double dropout = 0.4) : this(
        nn.Sequential(
            ("block1", new ConvBnRelu(1, width)),                   // 28×28
            ("block2", new ConvBnRelu(width, width)),
            ("pool1", nn.MaxPool2d(2)),                             // → 14×14
            ("block3", new ConvBnRelu(width, 2 * width)),
            ("block4", new ConvBnRelu(2 * width, 2 * width)),
            ("pool2", nn.MaxPool2d(2))),                            // → 7×7
        nn.Sequential(
            ("flatten", nn.Flatten()),
            ("dropout1", nn.Dropout(dropout / 2)),
            ("fc1", nn.Linear(2 * width * 7 * 7, hidden)),
            ("relu", nn.ReLU()),
            ("dropout2", nn.Dropout(dropout)),
            ("fc2", nn.Linear(hidden, classes))))
    {
    }

    private FashionCnn(Sequential features, Sequential classifier) : base(nameof(FashionCnn))
    {
        this.features = features;
        this.classifier = classifier;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        InputChecks.Images(x, GetType().Name, channels: 1, height: 28, width: 28);
        return classifier.call(features.call(x));            // (B, 2w, 7, 7) → (B, classes) logits
    }

    /// <summary>The inference copy: each conv-BN pair folded into one convolution, Dropout removed.</summary>
    public nn.Module<Tensor, Tensor> FoldBatchNorm() => new FashionCnn(
        (Sequential)BatchNormFolding.Fold(features), (Sequential)BatchNormFolding.Fold(classifier));
}
#endregion
