using NeuralNotebooks.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Blocks;

/// <summary>
/// Autoregressive decoding for any model given as "prefixes (N, t) → logits for the next token (N, V)".
/// Greedy takes the arg-max at each step; beam search keeps the <c>beamWidth</c> best partial outputs by
/// summed log-probability. Both stop a sequence at EOS and never produce more than <c>maxLength</c> tokens.
/// </summary>
public static class SequenceDecoding
{
    /// <summary>Greedy decoding with <paramref name="model"/>'s next-token function: prefixes are made on the model's device.</summary>
    public static long[][] Greedy(Func<Tensor, Tensor> nextLogits, long batchSize, SpecialTokens specials, int maxLength, nn.Module model) =>
        Greedy(nextLogits, batchSize, specials, maxLength, Devices.Of(model));

    /// <summary>Beam search with <paramref name="model"/>'s next-token function: prefixes are made on the model's device.</summary>
    public static BeamResult BeamSearch(Func<Tensor, Tensor> nextLogits, int beamWidth, SpecialTokens specials, int maxLength, nn.Module model, double lengthPenalty = 0.0) =>
        BeamSearch(nextLogits, beamWidth, specials, maxLength, Devices.Of(model), lengthPenalty);


    /// <summary>Greedy decoding of a batch of <paramref name="batchSize"/> sequences. Returns, per row, the tokens after BOS up to (not including) EOS.</summary>
    public static long[][] Greedy(Func<Tensor, Tensor> nextLogits, long batchSize, SpecialTokens specials, int maxLength, Device device)
    {
        CheckMaxLength(maxLength);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var tokens = full(batchSize, 1, specials.Bos, dtype: ScalarType.Int64, device: device);   // (B, 1)
        var finished = zeros(batchSize, dtype: ScalarType.Bool, device: device);                    // (B)
        for (var step = 0; step < maxLength; step++)
        {
            var next = NeverPadOrBos(nextLogits(tokens), specials).argmax(-1);                      // (B)
            next = next.masked_fill(finished, specials.Pad);                                        // finished rows only pad
            tokens = cat([tokens, next.unsqueeze(1)], 1);                                           // (B, t + 1)
            finished = finished.logical_or(next.eq(specials.Eos));
            if (finished.all().item<bool>()) break;
        }
        return Trim(tokens, specials);
    }

    /// <summary>
    /// Beam search for ONE source: <paramref name="nextLogits"/> receives the live prefixes (K, t), K ≤ beamWidth.
    /// Finished hypotheses are ranked by log-probability / length^<paramref name="lengthPenalty"/> (0 = no
    /// normalisation). With beamWidth 1 this is exactly greedy decoding.
    /// </summary>
    public static BeamResult BeamSearch(Func<Tensor, Tensor> nextLogits, int beamWidth, SpecialTokens specials, int maxLength, Device device, double lengthPenalty = 0.0)
    {
        CheckMaxLength(maxLength);
        if (beamWidth < 1) throw new ArgumentException($"beam width must be at least 1, got {beamWidth}.");
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var live = new List<(long[] Tokens, double Score)> { ([specials.Bos], 0.0) };
        var done = new List<(long[] Tokens, double Score)>();
        for (var step = 0; step < maxLength && live.Count > 0 && done.Count < beamWidth; step++)
        {
            var prefixes = tensor(live.SelectMany(h => h.Tokens).ToArray(), dtype: ScalarType.Int64, device: device)
                .view(live.Count, step + 1);                                                          // (K, t)
            var logProbs = NeverPadOrBos(nextLogits(prefixes), specials).log_softmax(-1).cpu();       // (K, V)
            var total = logProbs + tensor(live.Select(h => h.Score).ToArray(), dtype: logProbs.dtype).unsqueeze(1);
            var vocab = total.shape[1];
            var (values, indices) = total.view(-1).topk((int)Math.Min(2L * beamWidth, total.numel()));
            var scores = values.data<float>().ToArray();
            var flat = indices.data<long>().ToArray();
            var next = new List<(long[] Tokens, double Score)>();
            for (var i = 0; i < flat.Length && next.Count < beamWidth; i++)
            {
                var (row, token) = (flat[i] / vocab, flat[i] % vocab);
                var tokens = live[(int)row].Tokens.Append(token).ToArray();
                if (token == specials.Eos) { if (done.Count < beamWidth) done.Add((tokens, scores[i])); }
                else next.Add((tokens, scores[i]));
            }
            live = next;
        }
        if (done.Count < beamWidth) done.AddRange(live);   // stopped by maxLength: the cut-off hypotheses compete too
        var best = done.OrderByDescending(h => h.Score / Math.Pow(h.Tokens.Length - 1, lengthPenalty)).First();
        return new BeamResult(Strip(best.Tokens, specials), best.Score);
    }

    /// <summary>Logits (…, V) with PAD and BOS made impossible: a decoder must only ever emit real tokens or EOS.</summary>
    public static Tensor NeverPadOrBos(Tensor logits, SpecialTokens specials)
    {
        var banned = new bool[logits.shape[^1]];
        banned[specials.Pad] = true;
        banned[specials.Bos] = true;
        return logits.masked_fill(tensor(banned, device: logits.device), double.NegativeInfinity);
    }

    /// <summary>Rows of a (B, T) BOS-first token tensor as id arrays without BOS, cut at the first EOS or padding.</summary>
    public static long[][] Trim(Tensor tokens, SpecialTokens specials)
    {
        var rows = tokens.cpu();
        var width = (int)rows.shape[1];
        var all = rows.data<long>().ToArray();
        return Enumerable.Range(0, (int)rows.shape[0]).Select(r => Strip(all.AsSpan(r * width, width).ToArray(), specials)).ToArray();
    }

    static long[] Strip(long[] tokens, SpecialTokens specials) =>
        tokens.Skip(tokens.Length > 0 && tokens[0] == specials.Bos ? 1 : 0).TakeWhile(t => t != specials.Eos && t != specials.Pad).ToArray();

    static void CheckMaxLength(int maxLength)
    {
        if (maxLength < 1) throw new ArgumentException($"max length must be at least 1, got {maxLength}.");
    }
}

/// <summary>The best beam: its tokens (without BOS and EOS) and its summed log-probability.</summary>
public sealed record BeamResult(long[] Tokens, double LogProbability);
