using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.LstmFromScratch;

#region LstmSequenceClassifier
/// <summary>
/// Reads a padded (B, T, F) batch with the from-scratch LSTM and classifies from each sequence's final hidden state:
/// with lengths (B) the state is the one after the sequence's own last step, not after the padding.
/// </summary>
public sealed class LstmSequenceClassifier : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly LstmFromScratch lstm;
    private readonly Linear fc;

    public LstmSequenceClassifier(long inputSize, long hiddenSize, long classes) : base(nameof(LstmSequenceClassifier))
    {
        lstm = new LstmFromScratch(inputSize, hiddenSize);
        fc = nn.Linear(hiddenSize, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, Tensor lengths)
    {
        var (_, h, _) = lstm.call(x, lengths);   // h (B, H): everything the LSTM kept from each whole sequence
        return fc.call(h);                        // (B, classes)
    }
}
#endregion
