using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.LstmFromScratch;

/// <summary>
/// Sequence classification with the from-scratch LSTM: read the sequence step by step, classify from the
/// final hidden state. Input (B, T, F) floats, e.g. an image read one row per time step.
/// </summary>
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

    /// <summary>x (B, T, F) → logits (B, classes).</summary>
    public override Tensor forward(Tensor x)
    {
        var (_, h, _) = lstm.call(x, null);   // h (B, H): everything the LSTM kept from the whole sequence
        return fc.call(h);                     // (B, classes)
    }
}
