using NeuralNotebooks.Blocks;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises.AttentionSeq2Seq;

/// <summary>
/// The exact most likely output of a next-token model, found by scoring every possible output: what beam search
/// approximates. Only for tiny vocabularies and lengths (it tries (V−3)^maxLength sequences). Outputs and scores
/// follow <see cref="SequenceDecoding.BeamSearch"/>: at most <c>maxLength</c> tokens including EOS, PAD and BOS never
/// emitted, summed log-probabilities; an output cut off at the maximum length competes too.
/// </summary>
public static class ExhaustiveSearch
{
    public static BeamResult Best(Func<Tensor, Tensor> nextLogits, SpecialTokens specials, int maxLength, Device device)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        (long[] Tokens, double Score) best = ([], double.NegativeInfinity);
        void Extend(long[] prefix, double score)
        {
            var input = tensor(prefix, dtype: ScalarType.Int64, device: device).unsqueeze(0);             // (1, t)
            var logProbs = SequenceDecoding.NeverPadOrBos(nextLogits(input), specials).log_softmax(-1)[0].cpu().data<float>().ToArray();
            for (var token = 0L; token < logProbs.Length; token++)
            {
                if (token == specials.Pad || token == specials.Bos) continue;
                var tokens = prefix.Append(token).ToArray();
                var total = score + logProbs[token];
                var complete = token == specials.Eos || tokens.Length - 1 == maxLength;
                if (complete) { if (total > best.Score) best = (tokens, total); }
                else Extend(tokens, total);
            }
        }
        Extend([specials.Bos], 0.0);
        return new BeamResult(best.Tokens.Skip(1).TakeWhile(t => t != specials.Eos).ToArray(), best.Score);
    }
}
