using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice.References;

/// <summary>
/// Exercise 11's reference: the TextCNN head as src/Core/Exercises/TextCnn/TextCnn.cs computes it — padding embedded
/// as zeros, 1-D convolutions over time (embedding = channels), each right-padded by width − 1 zeros so there is one
/// window per start position (a text shorter than the widest filter still gets its windows), ReLU, windows that start in
/// padding set to −∞, max over time, the widths concatenated.
/// </summary>
public sealed class TextCnnPoolReference
{
    #region Exercise11
    Tensor TextCnnFeatures(Tensor embedded, Tensor lengths, Conv1d[] convs)
    {
        // embedded (B, T, E); lengths (B), each ≥ 1; convs[i] maps E channels to F filters with kernel width w_i.
        var t = embedded.shape[1];
        var valid = torch.arange(t, device: embedded.device).unsqueeze(0) < lengths.unsqueeze(1);   // (B, T)
        var x = embedded.masked_fill(valid.logical_not().unsqueeze(2), 0.0).transpose(1, 2);         // (B, E, T): time last
        var pooled = new List<Tensor>();
        foreach (var conv in convs)
        {
            var width = conv.weight.shape[2];
            var y = nn.functional.relu(conv.call(nn.functional.pad(x, [0, width - 1])));   // (B, F, T): one window per start
            y = y.masked_fill(valid.logical_not().unsqueeze(1), double.NegativeInfinity);    // a window starting in padding never wins
            pooled.Add(y.amax([2]));                                                         // max over TIME → (B, F)
        }
        return torch.cat(pooled, 1);                                                         // (B, F · widths)
    }
    #endregion

    /// <summary>The reference as the grader calls it.</summary>
    public static Delegate[] Functions() => [new Func<Tensor, Tensor, Conv1d[], Tensor>(new TextCnnPoolReference().TextCnnFeatures)];
}
