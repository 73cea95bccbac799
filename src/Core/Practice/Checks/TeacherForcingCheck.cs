using NeuralNotebooks.Blocks;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice.Checks;

/// <summary>
/// Exercise 15: teacher forcing's shift and the decoder's self-attention mask. The shift: shapes (batch 1 and
/// others, several lengths) and values (input = target without its last token, expected = target without BOS,
/// padding kept aligned). The mask: shape and dtype (B, 1, T, T) boolean; causal (no key after the query); key padding
/// (no query reads a pad key, with padding at the end and scattered); values equal causal AND key-not-padding exactly
/// (a padded query row keeps its causal view of the real keys); a tiny attention using the mask has no look-ahead and
/// ignores pad keys; and a plain −∞ softmax on a right-padded batch stays finite (no empty row).
/// </summary>
public sealed class TeacherForcingCheck : IExerciseCheck
{
    const long Pad = 0, Bos = 1, Eos = 2, Vocabulary = 12;

    static readonly Delegate[] Reference = References.TeacherForcingReference.Functions();
    static readonly Func<Tensor, (Tensor, Tensor)> ReferenceShift = (Func<Tensor, (Tensor, Tensor)>)Reference[0];
    static readonly Func<Tensor, long, Tensor> ReferenceMask = (Func<Tensor, long, Tensor>)Reference[1];

    public IReadOnlyList<PropertyResult> Run(Learner learner, int seed)
    {
        var kit = new CheckKit(seed);
        var shift = learner.Function<Func<Tensor, (Tensor, Tensor)>>(0);
        var mask = learner.Function<Func<Tensor, long, Tensor>>(1);
        (Tensor Input, Tensor Expected) Shift(Tensor target) => learner.Run(0, () => shift(target));
        Tensor Mask(Tensor input) => learner.Run(1, () => mask(input, Pad));

        var targets = kit.Batches().Select(b => Targets(kit, b, kit.Int(3, 9))).ToArray();
        // Decoder inputs as the shift gives them (padding at the end), and with padding scattered after BOS, which a
        // mask must block just as well: with padding only at the end, causality alone hides it from the real queries.
        var atEnd = targets.Select(t => t[.., ..^1]).ToArray();
        var scattered = kit.Batches().Select(b => Scattered(kit, b, kit.Int(3, 8))).ToArray();
        var inputs = atEnd.Concat(scattered).ToArray();

        return CheckKit.InOrder(
            ("shift: shapes", [], () => ShiftShapes(targets, Shift)),
            ("shift: values", ["shift: shapes"], () => ShiftValues(targets, Shift)),
            ("mask: shape and dtype", [], () => MaskShape(inputs, Mask)),
            ("mask: causal", ["mask: shape and dtype"], () => Causal(inputs, Mask)),
            ("mask: key padding", ["mask: shape and dtype"], () => KeyPadding(inputs, Mask)),
            ("mask: values", ["mask: shape and dtype"], () => MaskValues(inputs, Mask)),
            ("no look-ahead", ["mask: shape and dtype"], () => NoLookAhead(kit, inputs, Mask)),
            ("padded query rows", ["mask: shape and dtype"], () => PaddedRows(kit, atEnd, Mask)));
    }

    /// <summary>(B, T) = BOS y1 … yn EOS PAD…, lengths random, one row always full (no padding) and one as short as 1 token.</summary>
    static Tensor Targets(CheckKit kit, int batch, int length)
    {
        var rows = new long[batch, length];
        for (int b = 0; b < batch; b++)
        {
            var n = b == 0 ? length - 2 : b == 1 ? 1 : kit.Int(1, length - 2);
            rows[b, 0] = Bos;
            for (int t = 1; t <= n; t++) rows[b, t] = kit.Int(3, (int)Vocabulary - 1);
            rows[b, n + 1] = Eos;
        }
        return torch.tensor(rows);
    }

    /// <summary>(B, T) starting with BOS, with pad tokens at random later positions (at least one in the batch).</summary>
    static Tensor Scattered(CheckKit kit, int batch, int length)
    {
        var tokens = kit.RandInt(Vocabulary - 3, batch, length) + 3;
        tokens = tokens.masked_fill(kit.Rand(ScalarType.Float32, batch, length) < 0.35, Pad);
        tokens[0, length - 2].fill_(Pad);
        tokens.select(1, 0).fill_(Bos);
        return tokens;
    }

    static string Rows(Tensor t) => "[" + string.Join("; ", Enumerable.Range(0, (int)t.shape[0]).Select(b => string.Join(" ", t[b].contiguous().data<long>().ToArray()))) + "]";

    static PropertyResult ShiftShapes(Tensor[] targets, Func<Tensor, (Tensor Input, Tensor Expected)> shift)
    {
        foreach (var target in targets)
        {
            var (input, expected) = shift(target);
            var (b, t) = (target.shape[0], target.shape[1]);
            foreach (var (name, got) in new[] { ("input", input), ("expected", expected) })
                if (got is null || !got.shape.SequenceEqual([b, t - 1]))
                    return PropertyResult.Fail("shift: shapes", $"target {TensorDiff.Shape(target)}: the {name} should be [{b}, {t - 1}], got {(got is null ? "null" : TensorDiff.Shape(got))}.",
                        got is not null && got.shape.SequenceEqual(target.shape)
                            ? "the whole target is passed on: the input drops the LAST token (nothing follows EOS), the expected tokens drop BOS (nobody predicts it) — both are one shorter."
                            : "cut one token along the time axis (dim 1), not the batch axis: target[.., ..^1] and target[.., 1..].");
        }
        return PropertyResult.Pass("shift: shapes", $"input and expected are (B, T − 1) for batch sizes {string.Join(", ", targets.Select(t => t.shape[0]))}.");
    }

    static PropertyResult ShiftValues(Tensor[] targets, Func<Tensor, (Tensor Input, Tensor Expected)> shift)
    {
        foreach (var target in targets)
        {
            var (input, expected) = shift(target);
            var (wantInput, wantExpected) = ReferenceShift(target);
            if (input.dtype != ScalarType.Int64 || expected.dtype != ScalarType.Int64)
                return PropertyResult.Fail("shift: values", $"the input is {input.dtype} and expected {expected.dtype}; both are token ids (Int64) as the target.",
                    "slice the target; do not convert it.");
            if (input.eq(wantInput).all().item<bool>() && expected.eq(wantExpected).all().item<bool>()) continue;
            var what = $"target {Rows(target)}: input {Rows(input)}, expected {Rows(expected)}; should be input {Rows(wantInput)}, expected {Rows(wantExpected)}.";
            string cause;
            if (input.eq(expected).all().item<bool>())
                cause = "no shift: the input equals the tokens to predict, so the decoder sees the very token it must predict and learns to copy it — perfect training loss, garbage at inference, where that token does not exist yet.";
            else if (input.eq(wantExpected).all().item<bool>() && expected.eq(wantInput).all().item<bool>())
                cause = "input and expected are swapped: the decoder reads BOS y1 … (the target without its last token) and predicts y1 … EOS (the target without BOS).";
            else
                cause = "slice, do not roll or rebuild: input = target[.., ..^1], expected = target[.., 1..]; padding then stays where it was, so the loss can ignore it.";
            return PropertyResult.Fail("shift: values", what, cause);
        }
        return PropertyResult.Pass("shift: values", "input = BOS y1 … (the target without its last token), expected = y1 … EOS (without BOS), padding kept aligned, for full, short and padded rows.");
    }

    static PropertyResult MaskShape(Tensor[] inputs, Func<Tensor, Tensor> mask)
    {
        foreach (var input in inputs)
        {
            var got = mask(input);
            var (b, t) = (input.shape[0], input.shape[1]);
            if (got is null || !got.shape.SequenceEqual([b, 1, t, t]))
                return PropertyResult.Fail("mask: shape and dtype", $"input {TensorDiff.Shape(input)}: the mask should be [{b}, 1, {t}, {t}] (batch, head, query, key), got {(got is null ? "null" : TensorDiff.Shape(got))}.",
                    "combine a causal (1, 1, T, T) mask with a key padding mask (B, 1, 1, T): broadcasting gives (B, 1, T, T).");
            if (got.dtype != ScalarType.Bool)
                return PropertyResult.Fail("mask: shape and dtype", $"the mask is {got.dtype}; the spec asks for a boolean mask (true = may attend).",
                    "build it with comparisons and logical_and: a 0/1 float mask is easily added to the scores instead of blocking them.");
        }
        return PropertyResult.Pass("mask: shape and dtype", "boolean (B, 1, T, T) for batch sizes 1 and more and several lengths.");
    }

    static Tensor CausalOnly(long t) => torch.ones(t, t, dtype: ScalarType.Bool).tril().view(1, 1, t, t);

    /// <summary>The usual wrong masks, recognised by exact comparison.</summary>
    static string? Known(Tensor input, Tensor got)
    {
        var (b, t) = (input.shape[0], input.shape[1]);
        var real = input.ne(Pad);
        bool Is(Tensor m) => got.eq(m.expand(b, 1, t, t)).all().item<bool>();
        if (Is(real.view(b, 1, 1, t)))
            return "there is no causal mask, only padding: every position reads the tokens after it, including the one it must predict — the guide's decoder has no causal mask at all.";
        if (Is(CausalOnly(t).logical_and(real.view(b, 1, t, 1))))
            return "the padding mask is on the QUERY axis (rows, view(B, 1, T, 1)) instead of the KEY axis (columns, view(B, 1, 1, T)): real queries can still read pad keys, and padded queries see nothing (an empty row, NaN after softmax).";
        if (Is(CausalOnly(t)))
            return "a causal mask without padding: queries may read pad tokens (here padding is scattered; with padding only at the end the padded queries still read it) — AND it with input.ne(padId) on the key axis.";
        if (Is(torch.ones(t, t, dtype: ScalarType.Bool).tril(-1).view(1, 1, t, t).logical_and(real.view(b, 1, 1, t))))
            return "the diagonal is missing: each position must see itself (tril(), not tril(-1)); position 0 then sees nothing.";
        return null;
    }

    static PropertyResult Causal(Tensor[] inputs, Func<Tensor, Tensor> mask)
    {
        foreach (var input in inputs)
        {
            var got = mask(input);
            var t = input.shape[1];
            var future = got.logical_and(torch.ones(t, t, dtype: ScalarType.Bool).triu(1));
            if (future.any().item<bool>())
            {
                var at = future.nonzero()[0].data<long>().ToArray();
                return PropertyResult.Fail("mask: causal", $"input {Rows(input)}: mask[{at[0]}, 0, {at[2]}, {at[3]}] is true — query {at[2]} may read the later key {at[3]}.",
                    Known(input, got) ?? "a query t may read keys 0..t only: AND with torch.ones(T, T, dtype: ScalarType.Bool).tril().");
            }
        }
        return PropertyResult.Pass("mask: causal", "no query may read a later key.");
    }

    static PropertyResult KeyPadding(Tensor[] inputs, Func<Tensor, Tensor> mask)
    {
        foreach (var input in inputs)
        {
            var got = mask(input);
            var (b, t) = (input.shape[0], input.shape[1]);
            var leak = got.logical_and(input.eq(Pad).view(b, 1, 1, t));
            if (leak.any().item<bool>())
            {
                var at = leak.nonzero()[0].data<long>().ToArray();
                return PropertyResult.Fail("mask: key padding", $"input {Rows(input)}: mask[{at[0]}, 0, {at[2]}, {at[3]}] is true — query {at[2]} may read key {at[3]}, a pad token.",
                    Known(input, got) ?? "no query may read a pad key: AND with input.ne(padId).view(B, 1, 1, T) (the key axis is the last).");
            }
        }
        return PropertyResult.Pass("mask: key padding", "no query may read a pad key, with padding at the end and scattered.");
    }

    static PropertyResult MaskValues(Tensor[] inputs, Func<Tensor, Tensor> mask)
    {
        foreach (var input in inputs)
        {
            var got = mask(input);
            var want = ReferenceMask(input, Pad);
            if (got.eq(want).all().item<bool>()) continue;
            var at = got.ne(want).nonzero()[0].data<long>().ToArray();
            return PropertyResult.Fail("mask: values", $"input {Rows(input)}: mask[{at[0]}, 0, {at[2]}, {at[3]}] (query {at[2]}, key {at[3]}) is {got[at[0], 0, at[2], at[3]].item<bool>()}, expected {want[at[0], 0, at[2], at[3]].item<bool>()}.",
                Known(input, got) ?? "mask = causal AND key-not-padding: a query sees every real key up to itself, a padded query row included (its loss is ignored, but an empty row would give NaN).");
        }
        return PropertyResult.Pass("mask: values", "equal to causal AND key-not-padding, padded query rows included.");
    }

    /// <summary>A tiny attention (Core's, which zeroes empty rows) using the mask: changing later tokens or pad tokens must not move a real query's output.</summary>
    static PropertyResult NoLookAhead(CheckKit kit, Tensor[] inputs, Func<Tensor, Tensor> mask)
    {
        foreach (var input in inputs)
        {
            var (b, t) = (input.shape[0], input.shape[1]);
            var allowed = mask(input);
            var x = kit.Randn(ScalarType.Float64, b, 1, t, 4);
            var output = ScaledDotProductAttention.Compute(x, x, x, allowed).Output;
            var cut = kit.Int(0, (int)t - 2);
            // Change every token after position `cut` and every pad token; real queries 0..cut must not move.
            var changed = torch.arange(t).gt(cut).view(1, 1, t, 1).logical_or(input.eq(Pad).view(b, 1, t, 1));
            var x2 = torch.where(changed, kit.Randn(ScalarType.Float64, b, 1, t, 4), x);
            var output2 = ScaledDotProductAttention.Compute(x2, x2, x2, allowed).Output;
            var watched = changed.logical_not();
            var moved = (output2 - output).abs().masked_fill(watched.logical_not(), 0);
            if (moved.max().item<double>() > 1e-12)
            {
                var at = moved.view(b, t, 4).amax(-1).nonzero()[0].data<long>().ToArray();
                return PropertyResult.Fail("no look-ahead", $"input {Rows(input)}: when the tokens after position {cut} and the pad tokens change, the output of real query {at[1]} (row {at[0]}) changes by {moved.max().item<double>():G4}; it may depend only on real tokens up to itself.",
                    Known(input, allowed) ?? "the decoder would read the future or padding: mask = causal AND key-not-padding.");
            }
        }
        return PropertyResult.Pass("no look-ahead", "a tiny attention using the mask: a real query's output ignores later tokens and pad tokens.");
    }

    /// <summary>Right-padded batches (as the shift gives them) through a plain −∞ softmax: every row has a key, so no NaN.</summary>
    static PropertyResult PaddedRows(CheckKit kit, Tensor[] inputs, Func<Tensor, Tensor> mask)
    {
        foreach (var input in inputs)
        {
            var (b, t) = (input.shape[0], input.shape[1]);
            var allowed = mask(input);
            var x = kit.Randn(ScalarType.Float64, b, 1, t, 4);
            var weights = x.matmul(x.transpose(-2, -1)).masked_fill(allowed.logical_not(), double.NegativeInfinity).softmax(-1);
            if (!CheckKit.Finite(weights))
            {
                var empty = allowed.any(-1).logical_not().nonzero();
                var where = empty.shape[0] > 0 ? $" (row {empty[0][0].item<long>()}, query {empty[0][2].item<long>()} may read no key)" : "";
                return PropertyResult.Fail("padded query rows", $"input {Rows(input)}: softmax over the masked scores gives NaN{where}.",
                    Known(input, allowed) ?? "a row with no allowed key is −∞ everywhere and softmax gives 0/0 = NaN, which spreads through the next layer even though the loss ignores that position: let padded queries keep their causal view of the real keys (mask only the keys).");
            }
        }
        return PropertyResult.Pass("padded query rows", "padded query rows keep their causal view of the real keys: a plain −∞ softmax stays finite, nothing to guard downstream.");
    }
}
