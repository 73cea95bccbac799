using NeuralNotebooks.Blocks;
using NeuralNotebooks.Exercises.CnnClassifier;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Benchmarks;

/// <summary>
/// The CNN inference row measured several ways in one run: exercise 8's FashionCnn as users run it (eval mode,
/// no_grad), the same model with BatchNorm folded into the convolutions (<see cref="BatchNormFolding"/>), and each
/// under inference_mode instead of no_grad, interleaved block by block with the same variants in PyTorch.
/// <see cref="Ops"/> times the forward pass op by op at the same shapes (the PyTorch side times the same list), so
/// the remaining difference can be read per operation.
/// </summary>
public static class CnnInference
{
    /// <summary>
    /// Per variant: TorchSharp's and PyTorch's timings over all rounds, and per round the ratio of TorchSharp's
    /// block median to PyTorch's unfused no_grad block median of the same round (as users run it).
    /// </summary>
    public sealed record Result(
        IReadOnlyDictionary<string, Timing> TorchSharp,
        IReadOnlyDictionary<string, Timing> PyTorch,
        IReadOnlyDictionary<string, double[]> RoundRatios,
        double MaxFoldError);

    public static readonly string[] VariantNames = ["unfused, no_grad", "fused, no_grad", "unfused, inference_mode", "fused, inference_mode"];

    public const string Reference = "unfused, no_grad";

    /// <summary>
    /// <paramref name="rounds"/> rounds; in each, every variant of both runtimes runs one block of
    /// <paramref name="calls"/> timed calls (after one untimed), in an order that rotates from round to round, so
    /// the machine's drift falls on all variants alike and each round gives a paired ratio. Without
    /// <paramref name="pytorch"/> only TorchSharp is timed.
    /// </summary>
    public static Result Measure(int batch, int rounds, int calls, PyTorchCnnServer? pytorch)
    {
        torch.manual_seed(0);
        using var model = new FashionCnn(width: 32, hidden: 128, classes: 10, dropout: 0.4);
        model.eval();
        using var folded = BatchNormFolding.Fold(model);
        using var x = randn(batch, 1, 28, 28);
        double error;
        using (no_grad()) error = (model.call(x) - folded.call(x)).abs().max().item<float>();

        var blocks = VariantNames.Select(v => (Runtime: "TorchSharp", Variant: v))
            .Concat(pytorch is null ? [] : VariantNames.Select(v => (Runtime: "PyTorch", Variant: v))).ToArray();
        var samples = blocks.ToDictionary(b => b, _ => new List<double>());
        var ratios = VariantNames.ToDictionary(v => v, _ => new List<double>());
        for (int round = 0; round < rounds; round++)
        {
            var medians = new Dictionary<(string, string), double>();
            for (int i = 0; i < blocks.Length; i++)
            {
                var block = blocks[(i + round) % blocks.Length];
                var times = block.Runtime == "PyTorch"
                    ? pytorch!.Time(block.Variant, calls)
                    : TimeBlock(block.Variant.StartsWith("fused") ? folded : model, x, block.Variant.EndsWith("inference_mode"), calls);
                samples[block].AddRange(times);
                medians[block] = Timing.FromSamples(times).MedianMs;
            }
            if (pytorch is null) continue;
            foreach (var v in VariantNames) ratios[v].Add(medians[("TorchSharp", v)] / medians[("PyTorch", Reference)]);
        }
        IReadOnlyDictionary<string, Timing> Of(string runtime) =>
            samples.Where(s => s.Key.Runtime == runtime).ToDictionary(s => s.Key.Variant, s => Timing.FromSamples(s.Value));
        return new(Of("TorchSharp"), Of("PyTorch"), ratios.ToDictionary(r => r.Key, r => r.Value.ToArray()), error);
    }

    static double[] TimeBlock(nn.Module<Tensor, Tensor> net, Tensor x, bool inferenceMode, int calls)
    {
        void Call()
        {
            using var scope = NewDisposeScope();
            using var mode = inferenceMode ? inference_mode(true) : (IDisposable)no_grad();
            net.call(x);
        }
        Call();
        var times = new double[calls];
        for (int i = 0; i < calls; i++)
        {
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            Call();
            times[i] = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        return times;
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
