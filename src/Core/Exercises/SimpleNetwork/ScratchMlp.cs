using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.SimpleNetwork;

/// <summary>What the forward pass keeps for the backward pass.</summary>
public sealed record MlpActivations(Tensor Hidden, Tensor Logits, Tensor Probabilities);

/// <summary>The gradient of the mean cross-entropy loss with respect to each parameter.</summary>
public sealed record MlpGradients(Tensor W1, Tensor B1, Tensor W2, Tensor B2)
{
    public IEnumerable<(string Name, Tensor Value)> Named() => [("W1", W1), ("b1", B1), ("W2", W2), ("b2", B2)];
}

/// <summary>
/// Exercise 1: a two-layer neural network with backpropagation written by hand. The forward pass is
/// x·W1 + b1 → tanh → ·W2 + b2 → softmax, the loss is the mean cross-entropy, and <see cref="Backward"/>
/// applies the chain rule layer by layer in raw tensor ops (no autograd): dL/dlogits = (p − onehot(y)) / N,
/// then through W2, then through tanh (1 − h²), then through W1. The hidden layer and its bias are what let
/// it separate XOR and two moons, which no linear model can; the guide's single sigmoid unit has neither.
/// <see cref="GradientCheck"/> proves the hand-written gradients equal autograd's in float64.
/// </summary>
public sealed class ScratchMlp : IDisposable
{
    public Tensor W1 { get; }   // (D, H)
    public Tensor B1 { get; }   // (H)
    public Tensor W2 { get; }   // (H, C)
    public Tensor B2 { get; }   // (C)

    public int Inputs => (int)W1.shape[0];
    public int Hidden => (int)W1.shape[1];
    public int Classes => (int)W2.shape[1];

    ScratchMlp(Tensor w1, Tensor b1, Tensor w2, Tensor b2)
    {
        W1 = w1; B1 = b1; W2 = w2; B2 = b2;
    }

    /// <summary>
    /// New random weights, uniform in ±1/√fan_in as torch.nn.Linear draws them (so both versions start alike).
    /// </summary>
    public static ScratchMlp Create(int inputs, int hidden, int classes, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        if (inputs < 1 || hidden < 1 || classes < 2)
            throw new ArgumentException($"need inputs ≥ 1, hidden ≥ 1 and classes ≥ 2; got {inputs}, {hidden}, {classes}.");
        device ??= CPU;
        Tensor Uniform(double fanIn, params long[] shape) =>
            (torch.rand(shape, dtype, device) * 2 - 1) * (1 / Math.Sqrt(fanIn));
        return new ScratchMlp(Uniform(inputs, inputs, hidden), Uniform(inputs, hidden),
                              Uniform(hidden, hidden, classes), Uniform(hidden, classes));
    }

    /// <summary>A copy of an nn version's weights (Linear stores W as (out, in), we use (in, out)).</summary>
    public static ScratchMlp CopyOf(MlpClassifier model, ScalarType? dtype = null) => CopyOf(model.Fc1, model.Fc2, dtype);

    /// <summary>A copy of the weights of two Linear layers (hidden, output) — e.g. of a notebook's own MLP class.</summary>
    public static ScratchMlp CopyOf(Linear hidden, Linear output, ScalarType? dtype = null)
    {
        using var _ = torch.no_grad();
        Tensor Copy(Tensor t) => (dtype is { } d ? t.to(d) : t).detach().clone();
        return new ScratchMlp(Copy(hidden.weight!.t()), Copy(hidden.bias!), Copy(output.weight!.t()), Copy(output.bias!));
    }

    /// <summary>The same weights in another dtype or on another device.</summary>
    public ScratchMlp To(ScalarType dtype, Device? device = null)
    {
        device ??= W1.device;
        return new ScratchMlp(W1.to(dtype, device).clone(), B1.to(dtype, device).clone(),
                              W2.to(dtype, device).clone(), B2.to(dtype, device).clone());
    }

    public MlpActivations Forward(Tensor x)
    {
        CheckFeatures(x, Inputs);
        var hidden = torch.tanh(x.matmul(W1) + B1);                       // (N, H)
        var logits = hidden.matmul(W2) + B2;                              // (N, C)
        var shifted = logits - logits.amax([1], keepdim: true);           // softmax is shift-invariant; this avoids exp overflow
        var exp = shifted.exp();
        var probabilities = exp / exp.sum(1, keepdim: true);              // (N, C)
        return new MlpActivations(hidden, logits, probabilities);
    }

    /// <summary>Mean cross-entropy −log p[y], from the forward pass's probabilities.</summary>
    public Tensor Loss(MlpActivations forward, Tensor labels)
    {
        CheckLabels(labels, forward.Probabilities.shape[0], Classes);
        var picked = forward.Probabilities.gather(1, labels.unsqueeze(1)).squeeze(1);   // (N) p of the true class
        return -picked.clamp_min(1e-30).log().mean();
    }

    /// <summary>The chain rule by hand: gradients of <see cref="Loss"/> for every parameter.</summary>
    public MlpGradients Backward(Tensor x, MlpActivations forward, Tensor labels)
    {
        CheckLabels(labels, x.shape[0], Classes);
        var n = x.shape[0];
        var oneHot = torch.nn.functional.one_hot(labels, Classes).to(forward.Probabilities.dtype);  // (N, C)
        var dLogits = (forward.Probabilities - oneHot) / n;               // (N, C)  softmax + cross-entropy together
        var dW2 = forward.Hidden.t().matmul(dLogits);                     // (H, C)
        var dB2 = dLogits.sum(dim: 0);                                         // (C)
        var dHidden = dLogits.matmul(W2.t());                             // (N, H)
        var dPre = dHidden * (1 - forward.Hidden.square());               // (N, H)  tanh' = 1 − tanh²
        var dW1 = x.t().matmul(dPre);                                     // (D, H)
        var dB1 = dPre.sum(dim: 0);                                            // (H)
        return new MlpGradients(dW1, dB1, dW2, dB2);
    }

    /// <summary>Plain gradient descent, in place: θ ← θ − lr·∂L/∂θ.</summary>
    public void Step(MlpGradients gradients, double learningRate)
    {
        W1.sub_(gradients.W1 * learningRate);
        B1.sub_(gradients.B1 * learningRate);
        W2.sub_(gradients.W2 * learningRate);
        B2.sub_(gradients.B2 * learningRate);
    }

    /// <summary>One full training step (forward, loss, backward, update); returns the loss before the update.</summary>
    public double TrainStep(Tensor x, Tensor labels, double learningRate)
    {
        using var scope = torch.NewDisposeScope();
        var forward = Forward(x);
        var loss = Loss(forward, labels).ToDouble();
        Step(Backward(x, forward, labels), learningRate);
        return loss;
    }

    internal static void CheckFeatures(Tensor x, int inputs)
    {
        if (x.dim() != 2 || x.shape[1] != inputs)
            throw new ArgumentException($"expected input of shape [N, {inputs}], got [{string.Join(", ", x.shape)}].");
    }

    internal static void CheckLabels(Tensor labels, long rows, int classes)
    {
        if (labels.dim() != 1 || labels.shape[0] != rows || labels.dtype != ScalarType.Int64)
            throw new ArgumentException($"expected labels of shape [{rows}] and type int64, got [{string.Join(", ", labels.shape)}] {labels.dtype}.");
        if (rows > 0 && (labels.min().item<long>() < 0 || labels.max().item<long>() >= classes))
            throw new ArgumentException($"labels must be class indices in 0..{classes - 1}; got values from {labels.min().item<long>()} to {labels.max().item<long>()}.");
    }

    public void Dispose()
    {
        W1.Dispose(); B1.Dispose(); W2.Dispose(); B2.Dispose();
    }
}
