using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.ConvFromScratch;

#region ScratchConv2d
/// <summary>A convolution layer whose forward pass is <see cref="ScratchConvolution.Conv2d"/>; autograd differentiates it.</summary>
public sealed class ScratchConv2d : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly int stride;
    private readonly int padding;

    public ScratchConv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0) : base(nameof(ScratchConv2d))
    {
        // Same initialisation as torch.nn.Conv2d: uniform in ±1/√fan_in.
        var bound = 1.0 / Math.Sqrt(inChannels * kernelSize * kernelSize);
        weight = new Parameter((torch.rand(outChannels, inChannels, kernelSize, kernelSize) * 2 - 1) * bound);
        bias = new Parameter((torch.rand(outChannels) * 2 - 1) * bound);
        this.stride = stride;
        this.padding = padding;
        RegisterComponents();
    }

    public Parameter Weight => weight;
    public Parameter Bias => bias;

    public override Tensor forward(Tensor x) => ScratchConvolution.Conv2d(x, weight, bias, stride, padding);
}
#endregion
