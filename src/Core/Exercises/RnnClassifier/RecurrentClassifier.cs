using NeuralNotebooks.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.RnnClassifier;

#region RecurrentClassifier
/// <summary>
/// Exercise 9: embedding → packed RNN / GRU / LSTM → final hidden state at each sequence's own last token
/// → linear. Packing means the recurrent layer never sees padding.
/// </summary>
public sealed class RecurrentClassifier : nn.Module<Tensor, Tensor, Tensor>
{
    public const long PadId = 0;

    private readonly Embedding embedding;
    private readonly nn.Module rnn;
    private readonly Linear fc;

    public RecurrentKind Kind { get; }
    public long VocabularySize { get; }

    public RecurrentClassifier(RecurrentKind kind, long vocabularySize, long embeddingSize, long hiddenSize, long classes)
        : base($"{nameof(RecurrentClassifier)}({kind})")
    {
        Kind = kind;
        VocabularySize = vocabularySize;
        embedding = nn.Embedding(vocabularySize, embeddingSize, padding_idx: PadId);
        rnn = kind switch
        {
            RecurrentKind.Rnn => nn.RNN(embeddingSize, hiddenSize, batchFirst: true),
            RecurrentKind.Gru => nn.GRU(embeddingSize, hiddenSize, batchFirst: true),
            RecurrentKind.Lstm => nn.LSTM(embeddingSize, hiddenSize, batchFirst: true),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Allowed: Rnn, Gru, Lstm."),
        };
        fc = nn.Linear(hiddenSize, classes);
        RegisterComponents();
        if (rnn is LSTM) OpenForgetGate(hiddenSize);
    }

    // An LSTM starts by forgetting half its cell every step (forget bias 0 → σ = 0.5), so it cannot carry
    // anything far until training finds that out; a forget bias of 1 (Jozefowicz et al., 2015) starts it
    // remembering. Gate order in the bias is input, forget, cell, output.
    void OpenForgetGate(long hiddenSize)
    {
        using var noGrad = no_grad();
        var bias = rnn.named_parameters().Single(p => p.name == "bias_ih_l0").parameter;
        bias[TensorIndex.Slice(hiddenSize, 2 * hiddenSize)].fill_(1.0);
        rnn.named_parameters().Single(p => p.name == "bias_hh_l0").parameter[TensorIndex.Slice(hiddenSize, 2 * hiddenSize)].zero_();
    }

    /// <summary>tokens (B, T) int64, lengths (B) int64 → logits (B, classes).</summary>
    public override Tensor forward(Tensor tokens, Tensor lengths)
    {
        InputChecks.Tokens(tokens, VocabularySize, nameof(RecurrentClassifier));
        InputChecks.Lengths(lengths, tokens, nameof(RecurrentClassifier));
        var x = embedding.call(tokens);                                              // (B, T, E)
        // Packing needs the lengths on the CPU; enforce_sorted: false keeps the batch in its own order.
        var packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first: true, enforce_sorted: false);
        var hN = rnn switch                                                          // (1, B, H) at each sequence's last real token
        {
            LSTM lstm => lstm.call(packed).Item2,
            GRU gru => gru.call(packed, null).Item2,
            RNN plain => plain.call(packed, null).Item2,
            _ => throw new InvalidOperationException("Unreachable: the constructor only builds RNN, GRU or LSTM."),
        };
        return fc.call(hN[-1]);                                                      // (B, classes)
    }
}
#endregion
