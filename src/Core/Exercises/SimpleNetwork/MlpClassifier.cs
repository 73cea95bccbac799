using NeuralNotebooks.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.SimpleNetwork;

#region MlpClassifier
/// <summary>
/// The same two-layer network as ScratchMlp, written the ordinary way with torch.nn:
/// Linear → tanh → Linear, returning logits; autograd does the backward pass.
/// </summary>
public sealed class MlpClassifier : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly Tanh act;
    private readonly Linear fc2;

    public int Inputs { get; }

    public MlpClassifier(int inputs, int hidden, int classes) : base(nameof(MlpClassifier))
    {
        Inputs = inputs;
        fc1 = nn.Linear(inputs, hidden);
        act = nn.Tanh();
        fc2 = nn.Linear(hidden, classes);
        RegisterComponents();
    }

    public Linear Fc1 => fc1;
    public Linear Fc2 => fc2;

    public override Tensor forward(Tensor x)
    {
        InputChecks.Vectors(x, GetType().Name, Inputs);   // (N, D)
        var h = act.call(fc1.call(x));                    // (N, H)
        return fc2.call(h);                               // (N, C) logits
    }
}
#endregion
