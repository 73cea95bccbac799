using NeuralNotebooks.Exercises.CnnClassifier;
using NeuralNotebooks.Exercises.RnnClassifier;
using NeuralNotebooks.Exercises.SimpleNetwork;
using NeuralNotebooks.Exercises.TinyGpt;
using NeuralNotebooks.Exercises.TransformerClassifier;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Benchmarks;

/// <summary>Sizes of one benchmarked model: batch, sequence length (where there is one), timed iterations.</summary>
public sealed record ModelSize(int Batch, int Length, int Iterations);

/// <summary>
/// The five exercise models the benchmark times, built from Core's own classes at fixed sizes, with the
/// data of one batch. <c>pytorch_steps.py</c> rebuilds the same architectures op for op.
/// </summary>
public sealed class ModelSteps : IDisposable
{
    public static readonly IReadOnlyList<string> Names = ["mlp", "cnn", "lstm", "transformer", "gpt"];

    public string Name { get; }
    public nn.Module Model { get; }
    /// <summary>inputs (batch-first) → cross-entropy logits (N, C), N = batch or batch × length.</summary>
    public Func<Tensor[], Tensor> ForwardOn { get; }
    public Tensor Target { get; }            // batch-first; flattened to (N) for the loss
    public Tensor[] Inputs { get; }

    ModelSteps(string name, nn.Module model, Func<Tensor[], Tensor> forward, Tensor target, params Tensor[] inputs)
    {
        Name = name; Model = model; ForwardOn = forward; Target = target; Inputs = inputs;
    }

    /// <summary>The loss of one step on the given batch: cross-entropy of the logits against the flattened target.</summary>
    public Tensor Loss(Tensor[] inputs, Tensor target) => nn.functional.cross_entropy(ForwardOn(inputs), target.view(-1));

    public Tensor Loss() => Loss(Inputs, Target);

    public static ModelSteps Build(string name, ModelSize s)
    {
        int b = s.Batch;
        switch (name)
        {
            case "mlp":
            {
                var m = new MlpClassifier(784, 256, 10);
                var x = randn(b, 784);
                return new(name, m, i => m.call(i[0]), randint(0, 10, b), x);
            }
            case "cnn":
            {
                var m = new FashionCnn(width: 32, hidden: 128, classes: 10, dropout: 0.4);
                var x = randn(b, 1, 28, 28);
                return new(name, m, i => m.call(i[0]), randint(0, 10, b), x);
            }
            case "lstm":
            {
                var m = new RecurrentClassifier(RecurrentKind.Lstm, vocabularySize: 1000, embeddingSize: 64, hiddenSize: 128, classes: 2);
                var lengths = Lengths(b, s.Length);
                var tokens = PaddedTokens(b, s.Length, 1000, lengths);
                return new(name, m, i => m.call(i[0], i[1]), randint(0, 2, b), tokens, lengths);
            }
            case "transformer":
            {
                var m = new TransformerTextClassifier(1000, 2, s.Length, modelSize: 128, heads: 4, layers: 2, hiddenSize: 512, dropout: 0.1);
                var tokens = PaddedTokens(b, s.Length, 1000, Lengths(b, s.Length));
                return new(name, m, i => m.call(i[0]), randint(0, 2, b), tokens);
            }
            case "gpt":
            {
                var m = new TinyGptModel(128, s.Length, modelSize: 128, heads: 4, layers: 4, hiddenSize: 512, dropout: 0.1);
                var tokens = randint(0, 128, [b, s.Length]);
                return new(name, m, i => m.call(i[0]).view(-1, 128), randint(0, 128, [b, s.Length]), tokens);
            }
            default:
                throw new ArgumentException($"Unknown model '{name}'. Allowed: {string.Join(", ", Names)}.");
        }
    }

    /// <summary>Lengths T, T−1, …, T−9, T, …: the same on the PyTorch side.</summary>
    static Tensor Lengths(int batch, int length) => tensor(Enumerable.Range(0, batch).Select(i => (long)(length - i % 10)).ToArray());

    static Tensor PaddedTokens(int batch, int length, int vocabulary, Tensor lengths)
    {
        var tokens = randint(1, vocabulary, [batch, length]);
        var positions = arange(length).view(1, length);
        return tokens.masked_fill(positions.ge(lengths.view(-1, 1)), 0);
    }

    public void Dispose()
    {
        Model.Dispose();
        Target.Dispose();
        foreach (var t in Inputs) t.Dispose();
    }
}
