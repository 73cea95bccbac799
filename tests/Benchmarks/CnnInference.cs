using NeuralNotebooks.Blocks;
using NeuralNotebooks.Exercises.CnnClassifier;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Benchmarks;

/// <summary>
/// The CNN inference row measured several ways in one run: exercise 8's FashionCnn as users run it (eval mode,
/// no_grad), the same model with BatchNorm folded into the convolutions (<see cref="BatchNormFolding"/>), and each
/// under inference_mode instead of no_grad. <see cref="Ops"/> times the forward pass op by op at the same shapes
/// (the PyTorch side times the same list), so the remaining difference can be read per operation.
/// </summary>
public static class CnnInference
{
    public sealed record Result(IReadOnlyDictionary<string, Timing> Variants, double MaxFoldError);

    public static readonly string[] VariantNames = ["unfused, no_grad", "fused, no_grad", "unfused, inference_mode", "fused, inference_mode"];

    public static Result Measure(int batch, int warmup, int iterations)
    {
        torch.manual_seed(0);
        using var model = new FashionCnn(width: 32, hidden: 128, classes: 10, dropout: 0.4);
        model.eval();
        using var folded = BatchNormFolding.Fold(model);
        using var x = randn(batch, 1, 28, 28);
        double error;
        using (no_grad()) error = (model.call(x) - folded.call(x)).abs().max().item<float>();
        var variants = new Dictionary<string, Timing>();
        foreach (var name in VariantNames)
        {
            var net = name.StartsWith("fused") ? folded : (nn.Module<Tensor, Tensor>)model;
            var inference = name.EndsWith("inference_mode");
            variants[name] = Timing.Measure(() =>
            {
                using var scope = NewDisposeScope();
                using var mode = inference ? inference_mode(true) : (IDisposable)no_grad();
                net.call(x);
            }, warmup, iterations);
        }
        return new(variants, error);
    }

    /// <summary>Each op of the (unfused) forward pass at its real shape, timed alone under no_grad; the same list as pytorch_steps.py.</summary>
    public static IReadOnlyList<(string Op, Timing Time)> Ops(int batch, int warmup, int iterations)
    {
        torch.manual_seed(0);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var ops = new List<(string, Func<Tensor>)>();
        var x = randn(batch, 1, 28, 28);
        Tensor Add(string name, Func<Tensor, Tensor> op, Tensor input) { var output = op(input); ops.Add((name, () => op(input))); return output; }
        foreach (var (cin, cout, size) in new[] { (1, 32, 28), (32, 32, 28), (32, 64, 14), (64, 64, 14) })
        {
            var w = randn(cout, cin, 3, 3) * 0.1;
            var (mean, variance, gamma, beta) = (randn(cout), rand(cout) + 0.5, rand(cout) + 0.5, randn(cout));
            x = Add($"conv {cin}→{cout} @{size}", t => nn.functional.conv2d(t, w, padding: [1, 1]), x);
            x = Add($"batch_norm {cout} @{size}", t => nn.functional.batch_norm(t, mean, variance, gamma, beta, training: false), x);
            x = Add($"relu {cout} @{size}", t => nn.functional.relu(t), x);
            if (cin == cout) x = Add($"max_pool 2 {cout} @{size}", t => nn.functional.max_pool2d(t, 2), x);
        }
        x = x.flatten(1);
        var (w1, b1, w2, b2) = (randn(128, 64 * 49) * 0.01, randn(128), randn(10, 128) * 0.1, randn(10));
        x = Add("linear 3136→128", t => nn.functional.linear(t, w1, b1), x);
        x = Add("relu 128", t => nn.functional.relu(t), x);
        Add("linear 128→10", t => nn.functional.linear(t, w2, b2), x);
        return ops.Select(o => (o.Item1, Timing.Measure(() => { using var s = NewDisposeScope(); o.Item2(); }, warmup, iterations))).ToList();
    }
}
