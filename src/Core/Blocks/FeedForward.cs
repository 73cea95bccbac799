using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Blocks;

/// <summary>The position-wise feed-forward block: Linear(D → F), ReLU, dropout, Linear(F → D), applied to every position alike.</summary>
public sealed class FeedForward : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly ReLU act;
    private readonly Dropout dropout;
    private readonly Linear fc2;

    public FeedForward(long modelSize, long hiddenSize, double dropout = 0.0) : base(nameof(FeedForward))
    {
        fc1 = nn.Linear(modelSize, hiddenSize);
        act = nn.ReLU();
        this.dropout = nn.Dropout(dropout);
        fc2 = nn.Linear(hiddenSize, modelSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => fc2.call(dropout.call(act.call(fc1.call(x))));   // (B, T, D)
}
