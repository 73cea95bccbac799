using NeuralNotebooks.Practice;
using TorchSharp;
using static TorchSharp.torch;
using static NeuralNotebooks.Tests.Practice.GraderKit;

namespace NeuralNotebooks.Tests.Practice;

/// <summary>The grader of practice 17 (the causal mask; next-token sampling with temperature and top-k).</summary>
public class TinyGptGraderTests
{
    static readonly Delegate[] Reference = PracticeCatalog.Reference(PracticeCatalog.Practice("17"));
    static readonly Func<int, Tensor> ReferenceMask = (Func<int, Tensor>)Reference[0];
    static readonly Func<Tensor, double, int, Generator, long> ReferenceSample = (Func<Tensor, double, int, Generator, long>)Reference[1];

    static CheckReport Check(Func<int, Tensor>? mask = null, Func<Tensor, double, int, Generator, long>? sample = null) =>
        NeuralNotebooks.Practice.Practice.Check("17", mask ?? ReferenceMask, sample ?? ReferenceSample);

    [Fact]
    public void The_reference_passes() => AssertPasses(NeuralNotebooks.Practice.Practice.Check("17", Reference));

    /// <summary>Written differently: the mask compares position indices; sampling sorts, cuts and draws from a cumulative sum by hand.</summary>
    [Fact]
    public void An_index_comparison_mask_and_a_sorted_cumulative_sampler_pass() => AssertPasses(Check(
        length => torch.arange(length).unsqueeze(1) >= torch.arange(length).unsqueeze(0),
        (logits, temperature, topK, generator) =>
        {
            var (sorted, order) = (logits.to(ScalarType.Float64) / temperature).sort(descending: true);
            var keep = topK > 0 ? Math.Min(topK, (int)sorted.shape[0]) : (int)sorted.shape[0];
            var probabilities = sorted.narrow(0, 0, keep).softmax(0);
            var u = torch.rand(1, dtype: ScalarType.Float64, generator: generator).item<double>();
            var cumulative = probabilities.cumsum(0).data<double>().ToArray();
            var pick = Array.FindIndex(cumulative, c => u < c);
            return order[pick < 0 ? keep - 1 : pick].item<long>();
        }));

    [Fact]
    public void A_mask_without_the_diagonal_fails_the_causal_mask()
    {
        AssertFails(Check(mask: length => torch.ones(length, length, dtype: ScalarType.Bool).tril(-1)), "causal mask", "diagonal is missing", "NaN");
    }

    [Fact]
    public void An_upper_triangular_mask_sees_the_future_and_fails_mask_and_look_ahead()
    {
        var report = Check(mask: length => torch.ones(length, length, dtype: ScalarType.Bool).triu());
        AssertFails(report, "causal mask", "upper-triangular", "sees the future");
        AssertFails(report, "no look-ahead", "when the tokens after", "see the future");
    }

    /// <summary>The guide's defect: no causal mask at all.</summary>
    [Fact]
    public void The_guides_missing_causal_mask_fails_and_says_so()
    {
        var report = Check(mask: length => torch.ones(length, length, dtype: ScalarType.Bool));
        AssertFails(report, "causal mask", "no causal mask at all", "the guide's generator");
        AssertFails(report, "no look-ahead", "when the tokens after");
    }

    [Fact]
    public void Multiplying_by_the_temperature_fails_greedy_and_frequencies()
    {
        var report = Check(sample: (logits, temperature, topK, generator) => ReferenceSample(logits * (temperature * temperature), temperature, topK, generator));
        AssertFails(report, "greedy limits", "temperature 0.001", "multiplying by T");
        AssertFails(report, "frequencies", "multiplied by the temperature");
    }

    [Fact]
    public void Ignoring_top_k_and_sampling_from_all_tokens_fails_top_k()
    {
        var report = Check(sample: (logits, temperature, topK, generator) => ReferenceSample(logits, temperature, 0, generator));
        AssertFails(report, "top-k", "not among the", "sampling from all tokens");
        AssertFails(report, "greedy limits", "top-k 1");
    }

    [Fact]
    public void Top_k_on_probabilities_then_a_second_softmax_fails_frequencies()
    {
        AssertFails(Check(sample: (logits, temperature, topK, generator) =>
        {
            var probabilities = (logits / temperature).softmax(-1);
            if (topK > 0 && topK < probabilities.shape[0])
                probabilities = probabilities.masked_fill(probabilities.lt(probabilities.topk(topK).values[-1]), double.NegativeInfinity);
            return torch.multinomial(probabilities.softmax(-1), 1, generator: generator).item<long>();
        }), "frequencies", "second softmax");
    }

    [Fact]
    public void Ignoring_the_generator_fails_reproducibility()
    {
        AssertFails(Check(sample: (logits, temperature, topK, generator) => ReferenceSample(logits, temperature, topK, new Generator((ulong)Random.Shared.NextInt64()))),
            "reproducible with the generator", "pass the given generator");
    }

    [Fact]
    public void Exp_without_subtracting_the_maximum_fails_stability()
    {
        AssertFails(Check(sample: (logits, temperature, topK, generator) =>
        {
            var weights = (logits.to(ScalarType.Float32) / temperature).exp();
            if (topK > 0 && topK < weights.shape[0]) weights = weights.masked_fill(weights.lt(weights.topk(topK).values[-1]), 0);
            return torch.multinomial(weights / weights.sum(), 1, generator: generator).item<long>();
        }), "stability ×1e4", "softmax(-1)");
    }
}
