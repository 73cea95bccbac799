using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.LstmFromScratch;

#region LstmSequenceClassifier
/// <summary>Reads a (B, T, F) sequence with the from-scratch LSTM and classifies from the final hidden state.</summary>
public sealed class LstmSequenceClassifier : nn.Module<Tensor, Tensor>
{
    private readonly LstmFromScratch lstm;
    private readonly Linear fc;

    public LstmSequenceClassifier(long inputSize, long hiddenSize, long classes) : base(nameof(LstmSequenceClassifier))
    {
        lstm = new LstmFromScratch(inputSize, hiddenSize);
        fc = nn.Linear(hiddenSize, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var (_, h, _) = lstm.call(x, null);   // h (B, H): everything the LSTM kept from the whole sequence
        return fc.call(h);                     // (B, classes)
    }
}
#endregion
