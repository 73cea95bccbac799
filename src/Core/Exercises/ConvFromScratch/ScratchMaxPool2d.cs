using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.ConvFromScratch;

/// <summary>A max-pooling layer whose forward pass is <see cref="ScratchConvolution.MaxPool2d"/>.</summary>
public sealed class ScratchMaxPool2d : nn.Module<Tensor, Tensor>
{
    private readonly int kernelSize;
    private readonly int stride;

    public ScratchMaxPool2d(int kernelSize, int? stride = null) : base(nameof(ScratchMaxPool2d))
    {
        this.kernelSize = kernelSize;
        this.stride = stride ?? kernelSize;
    }

    public override Tensor forward(Tensor x) => ScratchConvolution.MaxPool2d(x, kernelSize, stride);
}
