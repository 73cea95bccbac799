using NeuralNotebooks.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.RnnClassifier;

#region RecurrentClassifier
/// <summary>Exercise 9: embedding → packed RNN / GRU / LSTM → final hidden state at each sequence's own last token → linear.</summary>
public sealed class RecurrentClassifier : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Embedding embedding;
    private readonly nn.Module rnn;
    private readonly Linear fc;
    private readonly long vocabularySize;

    public RecurrentClassifier(RecurrentKind kind, long vocabularySize, long embeddingSize, long hiddenSize, long classes)
        : base($"{nameof(RecurrentClassifier)}({kind})")
    {
        this.vocabularySize = vocabularySize;
        embedding = nn.Embedding(vocabularySize, embeddingSize, padding_idx: 0);   // token 0 is padding
        rnn = kind switch
        {
            RecurrentKind.Rnn => nn.RNN(embeddingSize, hiddenSize, batchFirst: true),
            RecurrentKind.Gru => nn.GRU(embeddingSize, hiddenSize, batchFirst: true),
            RecurrentKind.Lstm => nn.LSTM(embeddingSize, hiddenSize, batchFirst: true),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Allowed: Rnn, Gru, Lstm."),
        };
        fc = nn.Linear(hiddenSize, classes);
        RegisterComponents();
        // With forget bias 0 an LSTM forgets half its cell every step (σ(0) = 0.5); 1 starts it remembering
        // (Jozefowicz et al., 2015). Gate order in the biases: input, forget, cell, output.
        if (rnn is LSTM)
            using (no_grad())
                foreach (var (name, bias) in rnn.named_parameters().Where(p => p.name.StartsWith("bias")))
                    bias[TensorIndex.Slice(hiddenSize, 2 * hiddenSize)].fill_(name == "bias_ih_l0" ? 1.0 : 0.0);
    }

    /// <summary>tokens (B, T) int64, lengths (B) int64 → logits (B, classes).</summary>
    public override Tensor forward(Tensor tokens, Tensor lengths)
    {
        InputChecks.Tokens(tokens, vocabularySize, nameof(RecurrentClassifier));
        InputChecks.Lengths(lengths, tokens, nameof(RecurrentClassifier));
        var x = embedding.call(tokens);                                              // (B, T, E)
        // Packing needs the lengths on the CPU; enforce_sorted: false keeps the batch in its own order.
        var packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first: true, enforce_sorted: false);
        var hN = rnn switch                                                          // (1, B, H) at each sequence's last real token
        {
            LSTM lstm => lstm.call(packed).Item2,
            GRU gru => gru.call(packed, null).Item2,
            _ => ((RNN)rnn).call(packed, null).Item2,
        };
        return fc.call(hN[-1]);                                                      // (B, classes)
    }
}
#endregion
