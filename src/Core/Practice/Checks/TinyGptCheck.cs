using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice.Checks;

/// <summary>
/// Exercise 17: the causal mask and next-token sampling with temperature and top-k. The mask: shape, boolean,
/// lower-triangular with the diagonal (lengths 1 and more), and a tiny attention using it whose earlier outputs do
/// not change when later tokens do. Sampling: valid token ids, reproducible with the given generator, the greedy
/// limits (k = 1, temperature → 0), top-k never leaves the k largest, empirical frequencies match
/// softmax(logits / T) over the kept tokens, and logits ×1e4 sample without NaN.
/// </summary>
public sealed class TinyGptCheck : IExerciseCheck
{
    static readonly Delegate[] Reference = References.TinyGptReference.Functions();

    const string NoMask = "there is no causal mask at all (the guide's generator has none), so every position reads the very token it must predict";

    public IReadOnlyList<PropertyResult> Run(Learner learner, int seed)
    {
        var kit = new CheckKit(seed);
        var mask = learner.Function<Func<int, Tensor>>(0);
        var sample = learner.Function<Func<Tensor, double, int, Generator, long>>(1);
        Tensor Mask(int length) => learner.Run(0, () => mask(length));
        long Sample(Tensor logits, double temperature, int topK, Generator generator) => learner.Run(1, () => sample(logits, temperature, topK, generator));

        return CheckKit.InOrder(
            ("causal mask", [], () => CausalMask(kit, Mask)),
            ("no look-ahead", [], () => NoLookAhead(kit, Mask)),
            ("sampling gives a token id", [], () => ValidIds(kit, Sample)),
            ("reproducible with the generator", ["sampling gives a token id"], () => Reproducible(kit, seed, Sample)),
            ("greedy limits", ["sampling gives a token id"], () => Guard("greedy limits", Overflow, () => Greedy(kit, seed, Sample))),
            ("top-k", ["sampling gives a token id"], () => TopK(kit, seed, Sample)),
            ("frequencies", ["sampling gives a token id"], () => Frequencies(kit, seed, Sample)),
            ("stability ×1e4", ["sampling gives a token id"], () => Guard("stability ×1e4", Overflow, () => Stable(kit, seed, Sample))));
    }

    const string Overflow = "exp of huge scaled logits (×1e4, or divided by a tiny temperature) overflows to Inf and Inf / Inf = NaN, which multinomial rejects: use softmax(-1), which subtracts the maximum first.";

    /// <summary>
    /// Where large scaled logits are expected, an exception from the learner (multinomial rejecting NaN) is this
    /// property's failure, not the end of the report; NotImplementedException still ends it (not written yet).
    /// </summary>
    static PropertyResult Guard(string property, string cause, Func<PropertyResult> check)
    {
        try { return check(); }
        catch (LearnerCodeException e) when (e.InnerException is not NotImplementedException)
        {
            return PropertyResult.Fail(property, $"{e.Function} threw {e.InnerException!.GetType().Name}: {e.InnerException.Message.Split('\n')[0].Trim()}", cause);
        }
    }

    static PropertyResult CausalMask(CheckKit kit, Func<int, Tensor> mask)
    {
        foreach (var length in new[] { 1, kit.Int(2, 4), kit.Int(5, 9) })
        {
            var got = mask(length);
            if (got is null || !got.shape.SequenceEqual([(long)length, length]))
                return PropertyResult.Fail("causal mask", $"CausalMask({length}) should be [{length}, {length}] (query × key), got {(got is null ? "null" : TensorDiff.Shape(got))}.",
                    "one row per query position, one column per key position: torch.ones(T, T, dtype: ScalarType.Bool).tril().");
            if (got.dtype != ScalarType.Bool)
                return PropertyResult.Fail("causal mask", $"CausalMask({length}) is {got.dtype}; the spec asks for a boolean mask (true = may attend).",
                    "build it boolean (dtype: ScalarType.Bool), or compare: an int or float 0/1 mask is easily added to the scores instead of blocking them.");
            var expected = torch.ones(length, length, dtype: ScalarType.Bool).tril();
            if (!got.eq(expected).all().item<bool>())
            {
                var wrong = got.ne(expected).nonzero()[0];
                var (query, key) = (wrong[0].item<long>(), wrong[1].item<long>());
                return PropertyResult.Fail("causal mask", $"CausalMask({length})[{query}, {key}] (query {query}, key {key}) is {got[query, key].item<bool>()}, expected {expected[query, key].item<bool>()}: query t may attend to keys 0..t.",
                    Cause(got, length));
            }
        }
        return PropertyResult.Pass("causal mask", "boolean (T, T), lower-triangular with the diagonal, for T = 1 and longer.");
    }

    static string Cause(Tensor got, int length)
    {
        var ones = torch.ones(length, length, dtype: ScalarType.Bool);
        if (got.eq(ones).all().item<bool>()) return NoMask + ": keep only s ≤ t, tril().";
        if (got.eq(ones.tril(-1)).all().item<bool>())
            return "the diagonal is missing (tril(-1)): a token cannot attend to itself, and position 0 sees nothing, a row of −∞ that softmax turns into NaN; use tril() with the diagonal.";
        if (got.eq(ones.triu()).all().item<bool>() || got.eq(ones.triu(1)).all().item<bool>())
            return "the mask is upper-triangular: query t sees the future (t..T−1), which is exactly what must be hidden; the allowed keys are the lower triangle, tril().";
        return "true where key s ≤ query t (the past and itself): torch.ones(T, T, dtype: ScalarType.Bool).tril().";
    }

    /// <summary>A tiny single-head self-attention using the learner's mask: position t's output must not change when tokens after t do.</summary>
    static PropertyResult NoLookAhead(CheckKit kit, Func<int, Tensor> mask)
    {
        var (length, d) = (kit.Int(4, 7), 4);
        var allowed = mask(length);
        // Validate before matmul: a shape mismatch there can take the process down in this TorchSharp build.
        if (allowed is null || !allowed.shape.SequenceEqual([(long)length, length]))
            return PropertyResult.Fail("no look-ahead", $"CausalMask({length}) has shape {(allowed is null ? "null" : TensorDiff.Shape(allowed))}, not [{length}, {length}], so attention cannot use it.");
        var (wq, wk, wv) = (kit.Randn(ScalarType.Float64, d, d), kit.Randn(ScalarType.Float64, d, d), kit.Randn(ScalarType.Float64, d, d));
        Tensor Attend(Tensor x)
        {
            var scores = x.matmul(wq).matmul(x.matmul(wk).transpose(-2, -1)) / Math.Sqrt(d);
            var weights = scores.masked_fill(allowed.to(ScalarType.Bool).logical_not(), double.NegativeInfinity).softmax(-1).nan_to_num(0.0);
            return weights.matmul(x.matmul(wv));
        }
        var x = kit.Randn(ScalarType.Float64, 2, length, d);
        var before = Attend(x);
        for (int t = 0; t < length - 1; t++)
        {
            var changed = torch.cat([x.narrow(1, 0, t + 1), kit.Randn(ScalarType.Float64, 2, length - t - 1, d) * 10], 1);   // new tokens after t
            var after = Attend(changed);
            if (TensorDiff.Compare("no look-ahead", $"the attention output at positions 0..{t} when the tokens after {t} change", before.narrow(1, 0, t + 1), after.narrow(1, 0, t + 1),
                    "a position reads later tokens: the mask must block every key s > t (upper-triangular or all-true masks see the future; " + NoMask + ").") is { } failed)
                return failed;
        }
        return PropertyResult.Pass("no look-ahead", "in an attention using the mask, changing later tokens never changes an earlier position's output.");
    }

    /// <summary>Logits (V) with a clear maximum (at least 1 above the next), so greedy sampling has one right answer.</summary>
    static Tensor Logits(CheckKit kit, int vocabulary, double scale = 1.5)
    {
        var logits = kit.Randn(ScalarType.Float32, vocabulary) * scale;
        logits[logits.argmax().item<long>()] += 1.0;
        return logits;
    }

    static PropertyResult ValidIds(CheckKit kit, Func<Tensor, double, int, Generator, long> sample)
    {
        var generator = new Generator(1);
        foreach (var vocabulary in new[] { 1, kit.Int(2, 5), kit.Int(20, 60) })
            foreach (var topK in new[] { 0, 1, vocabulary + 2 })
            {
                var id = sample(Logits(kit, vocabulary), 1.0, topK, generator);
                if (id < 0 || id >= vocabulary)
                    return PropertyResult.Fail("sampling gives a token id", $"with V = {vocabulary}, top-k {topK}, SampleNext returned {id}; a token id is in 0..{vocabulary - 1}.",
                        "return the index drawn by multinomial (item<long>()), not a probability or a logit; top-k 0 or k ≥ V means all tokens.");
            }
        return PropertyResult.Pass("sampling gives a token id", "ids are in 0..V−1 for V = 1 and larger, top-k 0, 1 and k > V.");
    }

    static PropertyResult Reproducible(CheckKit kit, int seed, Func<Tensor, double, int, Generator, long> sample)
    {
        var logits = kit.Randn(ScalarType.Float32, 10) * 0.3;
        long[] Draws() { var g = new Generator((ulong)seed + 7); return Enumerable.Range(0, 20).Select(_ => sample(logits, 1.0, 0, g)).ToArray(); }
        var (first, second) = (Draws(), Draws());
        if (!first.SequenceEqual(second))
            return PropertyResult.Fail("reproducible with the generator", $"two generators with the same seed gave different draws: [{string.Join(", ", first)}] and [{string.Join(", ", second)}].",
                "pass the given generator to multinomial (generator: generator); without it the draw uses the global random state and a run cannot be repeated.");
        return PropertyResult.Pass("reproducible with the generator", "the same generator seed gives the same 20 draws.");
    }

    static PropertyResult Greedy(CheckKit kit, int seed, Func<Tensor, double, int, Generator, long> sample)
    {
        var generator = new Generator((ulong)seed + 11);
        foreach (var (temperature, topK, what, cause) in new[]
        {
            (1.5, 1, "top-k 1 (temperature 1.5)", "k = 1 keeps only the largest logit, so it is greedy: mask everything below the k-th largest to −∞ before the softmax."),
            (1e-3, 0, "temperature 0.001 (no top-k)", "divide the logits by the temperature before one softmax: T → 0 must sharpen toward the argmax (multiplying by T, or a second softmax over probabilities, flattens toward uniform instead)."),
        })
        {
            var logits = Logits(kit, kit.Int(5, 12));
            var argmax = logits.argmax().item<long>();
            for (int i = 0; i < 30; i++)
            {
                var id = sample(logits, temperature, topK, generator);
                if (id != argmax)
                    return PropertyResult.Fail("greedy limits", $"with {what} draw {i + 1} gave token {id}; the largest logit is token {argmax} (by at least 1 over the others), which should come every time.", cause);
            }
        }
        return PropertyResult.Pass("greedy limits", "top-k 1 and temperature 0.001 always give the argmax (30 draws each).");
    }

    static PropertyResult TopK(CheckKit kit, int seed, Func<Tensor, double, int, Generator, long> sample)
    {
        var generator = new Generator((ulong)seed + 13);
        var (vocabulary, k) = (kit.Int(10, 16), kit.Int(2, 4));
        var logits = kit.Randn(ScalarType.Float32, vocabulary);
        var kept = logits.topk(k).indexes.data<long>().ToHashSet();
        for (int i = 0; i < 600; i++)
        {
            var id = sample(logits, 3.0, k, generator);
            if (!kept.Contains(id))
                return PropertyResult.Fail("top-k", $"V = {vocabulary}, k = {k}, temperature 3: draw {i + 1} gave token {id}, which is not among the {k} largest logits [{string.Join(", ", kept.Order())}].",
                    "sampling from all tokens: set every logit below the k-th largest to −∞ (topk(k).values[-1], then masked_fill) before the softmax, so those tokens get probability 0.");
        }
        return PropertyResult.Pass("top-k", $"600 draws with V = {vocabulary}, k = {k} at temperature 3 never left the {k} largest logits.");
    }

    static PropertyResult Frequencies(CheckKit kit, int seed, Func<Tensor, double, int, Generator, long> sample)
    {
        const int draws = 3000;
        var reference = (Func<Tensor, double, int, Generator, long>)Reference[1];
        var generator = new Generator((ulong)seed + 17);
        foreach (var (vocabulary, temperature, topK) in new[] { (kit.Int(5, 7), 0.5, 0), (kit.Int(8, 10), 2.0, 4) })
        {
            var logits = kit.Randn(ScalarType.Float32, vocabulary) * 1.5;
            var expected = Distribution(logits, temperature, topK);
            var counts = new double[vocabulary];
            for (int i = 0; i < draws; i++) counts[sample(logits, temperature, topK, generator)]++;
            var frequencies = counts.Select(c => c / draws).ToArray();
            for (int v = 0; v < vocabulary; v++)
            {
                var p = expected[v];
                // Allowed: about 4.5 standard deviations of a frequency over `draws` draws: a right answer fails with a fixed seed practically never.
                var allowed = Allowed(p, draws);
                if (Math.Abs(frequencies[v] - p) > allowed)
                {
                    var multiplied = Distribution(logits * (temperature * temperature), temperature, topK);
                    var closer = multiplied.Select((q, u) => Math.Abs(frequencies[u] - q) <= Allowed(q, draws)).All(fits => fits);
                    return PropertyResult.Fail("frequencies",
                        $"V = {vocabulary}, temperature {temperature}, top-k {(topK == 0 ? "none" : topK.ToString())}: token {v} came {frequencies[v]:P1} of {draws} draws, softmax(logits / T) gives it {p:P1} (allowed ±{allowed:P1}). " +
                        $"Expected [{string.Join(", ", expected.Select(x => x.ToString("F3")))}], got [{string.Join(", ", frequencies.Select(x => x.ToString("F3")))}].",
                        closer ? "the logits are multiplied by the temperature: divide them (logits / T), so T < 1 sharpens and T > 1 flattens."
                               : "draw from softmax(logits / T), the tokens outside the top-k set to −∞ before that one softmax; a second softmax over probabilities (or top-k applied to renormalised probabilities wrongly) flattens the distribution.");
                }
            }
        }
        return PropertyResult.Pass("frequencies", $"over {draws} draws each, the frequencies match softmax(logits / T) over the kept tokens (T = 0.5 without top-k, T = 2 with top-k 4).");
    }

    /// <summary>softmax(logits / T) with the tokens outside the top-k at zero, as doubles.</summary>
    static double[] Distribution(Tensor logits, double temperature, int topK)
    {
        var scaled = logits.to(ScalarType.Float64) / temperature;
        if (topK > 0 && topK < scaled.shape[0]) scaled = scaled.masked_fill(scaled.lt(scaled.topk(topK).values[-1]), double.NegativeInfinity);
        return scaled.softmax(-1).data<double>().ToArray();
    }

    static double Allowed(double p, int draws) => 4.5 * Math.Sqrt(p * (1 - p) / draws) + 0.005;

    static PropertyResult Stable(CheckKit kit, int seed, Func<Tensor, double, int, Generator, long> sample)
    {
        var generator = new Generator((ulong)seed + 19);
        foreach (var topK in new[] { 0, 3 })
        {
            var logits = Logits(kit, kit.Int(6, 12)) * 1e4;
            var argmax = logits.argmax().item<long>();
            for (int i = 0; i < 10; i++)
            {
                var id = sample(logits, 1.0, topK, generator);
                if (id != argmax)
                    return PropertyResult.Fail("stability ×1e4", $"with logits ×1e4 (top-k {topK}) draw {i + 1} gave token {id}; the largest logit (token {argmax}) is 1e4 above the next and should come every time.",
                        "exp of huge logits overflows: use softmax(-1), which subtracts the maximum first, and do not clamp the logits.");
            }
        }
        return PropertyResult.Pass("stability ×1e4", "logits ×1e4 sample the argmax with no NaN, with and without top-k.");
    }
}
