using NeuralNotebooks.Practice.Checks;
using NeuralNotebooks.Questions;
using NeuralNotebooks.Runtime;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice;

/// <summary>
/// The 20 coding exercises, and the practice of those that have one: what to write, why it is asked, hints, the
/// functions graded and their checks. Adding exercise NN: see src/Core/Practice/README.md.
/// </summary>
public static class PracticeCatalog
{
    static readonly Lazy<IReadOnlyList<CatalogEntry>> entries = new(() => QuestionBank.Exercises
        .Select(card =>
        {
            var id = card.Number.ToString("00");
            var slug = Path.GetFileNameWithoutExtension(card.Notebook)[3..];
            return new CatalogEntry(id, slug, card.TitleEn, Practices!.GetValueOrDefault(id));
        }).ToArray());

    /// <summary>All 20 exercises in order, with a practice or null.</summary>
    public static IReadOnlyList<CatalogEntry> All => entries.Value;


    /// <summary>The exercises that have a practice, in order.</summary>
    public static IReadOnlyList<PracticeExercise> Exercises => Practices.Values.OrderBy(p => p.Id, StringComparer.Ordinal).ToArray();

    /// <summary>The practice of exercise <paramref name="id"/> ("5", "05"); one sentence with what is allowed otherwise.</summary>
    public static PracticeExercise Practice(string? id)
    {
        var ids = Practices.Keys.Order(StringComparer.Ordinal).ToArray();
        var allowed = $"Exercises with a practice: {string.Join(", ", ids)}.";
        if (string.IsNullOrWhiteSpace(id)) throw new ArgumentException($"Which exercise? {allowed}");
        var key = int.TryParse(id.Trim(), out var n) ? n.ToString("00") : id.Trim();
        if (Practices.TryGetValue(key, out var found)) return found;
        var bySlug = Practices.Values.FirstOrDefault(p => p.Slug.Equals(key, StringComparison.OrdinalIgnoreCase));
        if (bySlug is not null) return bySlug;
        if (n is >= 1 and <= QuestionBank.Count)
            throw new ArgumentException($"Exercise {key} has no practice yet. {allowed}");
        var near = int.TryParse(key, out _) ? "" : NearestNames.Suggestion(key, Practices.Values.Select(p => p.Slug));
        throw new ArgumentException($"Unknown exercise '{id}'. {allowed}" + (near.Length > 0 ? $" {near}" : ""));
    }

    /// <summary>The properties graded for an exercise.</summary>
    public static IExerciseCheck CheckFor(PracticeExercise exercise) => exercise.Id switch
    {
        "01" => new MlpBackwardCheck(),
        "02" => new Conv2dCheck(),
        "03" => new LstmCellCheck(),
        "04" => new GanStepCheck(),
        "05" => new AttentionCheck(),
        "06" => new MaskedMeanPoolCheck(),
        "07" => new DenoisingLossCheck(),
        "08" => new BatchNormFoldCheck(),
        "09" => new LastStepCheck(),
        "10" => new PerFrameCheck(),
        "11" => new TextCnnPoolCheck(),
        "12" => new PixelShuffleCheck(),
        "13" => new EntitySpansCheck(),
        "14" => new BeamStepCheck(),
        "15" => new TeacherForcingCheck(),
        "16" => new CycleGeneratorLossCheck(),
        "17" => new TinyGptCheck(),
        "18" => new EvaluationCheck(),
        "19" => new ResidualBlockCheck(),
        "20" => new DenoiseResidualCheck(),
        _ => throw new InvalidOperationException($"Practice {exercise.Id} has no check."),
    };

    /// <summary>The reference functions, as the grader calls them (they must pass their own check).</summary>
    public static Delegate[] Reference(PracticeExercise exercise) => exercise.Id switch
    {
        "01" => References.MlpBackwardReference.Functions(),
        "02" => References.Conv2dReference.Functions(),
        "03" => References.LstmCellReference.Functions(),
        "04" => References.GanStepReference.Functions(),
        "05" => References.AttentionReference.Functions(),
        "06" => References.MaskedMeanPoolReference.Functions(),
        "07" => References.DenoisingLossReference.Functions(),
        "08" => References.BatchNormFoldReference.Functions(),
        "09" => References.LastStepReference.Functions(),
        "10" => References.PerFrameReference.Functions(),
        "11" => References.TextCnnPoolReference.Functions(),
        "12" => References.PixelShuffleReference.Functions(),
        "13" => References.EntitySpansReference.Functions(),
        "14" => References.BeamStepReference.Functions(),
        "15" => References.TeacherForcingReference.Functions(),
        "16" => References.CycleGeneratorLossReference.Functions(),
        "17" => References.TinyGptReference.Functions(),
        "18" => References.EvaluationReference.Functions(),
        "19" => References.ResidualBlockReference.Functions(),
        "20" => References.DenoiseResidualReference.Functions(),
        _ => throw new InvalidOperationException($"Practice {exercise.Id} has no reference."),
    };

    static readonly Dictionary<string, PracticeExercise> Practices = new[]
    {
        new PracticeExercise("01", "simple-network", "A simple neural network for classification",
            "The backward pass of a two-layer MLP (Linear → ReLU → Linear, mean cross-entropy) by hand: the gradients of both weights and both biases.",
            "Backpropagation by hand is the classic whiteboard test: it shows you know the chain rule in matrix form, which shapes the gradients have, why the loss's mean divides by the batch, and where ReLU stops the gradient.",
            [
                "Write the forward pass again and keep z1 (before ReLU) and h (after): the backward pass needs both.",
                "For mean cross-entropy, dL/dlogits = (softmax(logits) − one_hot(labels)) / N. Each Linear y = x·Wᵀ + b then gives dW = dyᵀ·x, db = dy summed over the batch (sum(dim: 0); TorchSharp reads sum(0) as a dtype), dx = dy·W.",
                "ReLU passes the gradient only where z1 > 0: dZ1 = (dLogits·W2) * (z1 > 0). Use logits.softmax(1), which subtracts the row maximum, never exp(logits) yourself.",
            ],
            [new LearnerFunction("MlpBackward", typeof(Func<Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, (Tensor, Tensor, Tensor, Tensor)>),
                "(Tensor dW1, Tensor db1, Tensor dW2, Tensor db2) MlpBackward(Tensor x, Tensor labels, Tensor w1, Tensor b1, Tensor w2, Tensor b2)")],
            "References/MlpBackwardReference.cs"),
        new PracticeExercise("02", "conv-from-scratch", "A convolutional network for image classification",
            "A 2-D convolution layer via im2col (unfold): input (B, C, H, W), weight (O, C, kh, kw), bias (O), stride and padding.",
            "Writing a convolution from scratch is a favourite whiteboard test for vision roles: it shows the output-size formula, that every output channel sums over all input channels, that deep-learning convolution is cross-correlation (no flip), and how im2col turns the layer into one matrix product — the way libraries run it.",
            [
                "Output size first: H' = ⌊(H + 2p − kh) / s⌋ + 1, likewise W'. Each output value is a dot product of a C×kh×kw block of the weight with the input window under it.",
                "torch.nn.functional.unfold(input, (kh, kw), padding: (p, p), stride: (s, s)) gives (B, C·kh·kw, L): one column per output position, L = H'·W'.",
                "The columns are ordered (c, u, v), the same as weight.reshape(O, −1): output = weight.reshape(O, −1).matmul(columns) + bias.view(1, O, 1), then view(B, O, H', W').",
            ],
            [new LearnerFunction("Conv2d", typeof(Func<Tensor, Tensor, Tensor, int, int, Tensor>),
                "Tensor Conv2d(Tensor input, Tensor weight, Tensor bias, int stride, int padding)")],
            "References/Conv2dReference.cs"),
        new PracticeExercise("03", "lstm-from-scratch", "A recurrent network for sequence classification",
            "One step of an LSTM cell with its four gates (input, forget, cell candidate, output) in PyTorch's weight layout.",
            "The LSTM cell is the most asked recurrent-network question: interviewers want the four gates, why the candidate uses tanh, and the additive cell update that lets gradients flow across many steps — and they watch for forgetting the recurrent weights.",
            [
                "Each gate reads both the input x and the previous hidden state h: that is what makes it recurrent.",
                "Compute all gates at once: gates = x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh, shape (batch, 4·hidden), then split into four chunks in the order i, f, g, o.",
                "i, f, o go through sigmoid, g through tanh; c' = f·c + i·g (no squashing of c in place), h' = o·tanh(c').",
            ],
            [new LearnerFunction("LstmCell", typeof(Func<Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, (Tensor, Tensor)>),
                "(Tensor h, Tensor c) LstmCell(Tensor x, Tensor h, Tensor c, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh)")],
            "References/LstmCellReference.cs"),
        new PracticeExercise("04", "gan", "A GAN that generates images",
            "One adversarial training step: the discriminator on real data and detached fakes, then the generator through the updated discriminator with the non-saturating loss.",
            "The GAN training step is the classic generative-model question: interviewers look for the two alternating updates, fake.detach() in the discriminator step (its loss must not reach the generator), the non-saturating generator loss (log(1 − D(G(z))) stops learning early), and BCE on logits rather than sigmoid + log.",
            [
                "Two updates in order: first D (real → 1, fake → 0), then G (D should call the fakes real). Each with its own optimizer: zero_grad, backward, step.",
                "In the D step pass fake.detach(): D's loss must not flow into G. dLoss = BCE_with_logits(D(real), 1) + BCE_with_logits(D(fake.detach()), 0).",
                "G step: call D on the (non-detached) fakes again, after D's update; gLoss = BCE_with_logits(D(fake), 1), the non-saturating −log D(G(z)). Return (dLoss, gLoss).",
            ],
            [new LearnerFunction("GanStep", typeof(Func<Tensor, Tensor, nn.Module<Tensor, Tensor>, nn.Module<Tensor, Tensor>, optim.Optimizer, optim.Optimizer, (Tensor, Tensor)>),
                "(Tensor dLoss, Tensor gLoss) GanStep(Tensor real, Tensor noise, nn.Module<Tensor, Tensor> generator, nn.Module<Tensor, Tensor> discriminator, optim.Optimizer dOptimizer, optim.Optimizer gOptimizer)")],
            "References/GanStepReference.cs"),
        new PracticeExercise("05", "self-attention", "Self-attention for sequence modelling",
            "Scaled dot-product attention with a boolean mask (true = may attend), and the head split/merge of multi-head attention.",
            "Attention is asked in almost every ML interview since Transformers: the √d scaling, a mask that really blocks (−∞ before softmax, not a random or additive-noise mask), the fully-masked row that turns into NaN, and the reshape/transpose of heads are the details that separate a working answer from a broken one.",
            [
                "scores = q·kᵀ / √d over the last two axes, softmax over the keys, then weights·v.",
                "A mask is applied before softmax: masked_fill(mask.logical_not(), −∞), so blocked keys get exactly zero weight. A query with no visible key then has a row of −∞ and softmax gives NaN: set those weights to 0 (nan_to_num).",
                "Split: view(b, l, heads, e / heads).transpose(1, 2) puts the head axis before time. Merge: transpose(1, 2).contiguous().view(b, l, e).",
            ],
            [
                new LearnerFunction("Attention", typeof(Func<Tensor, Tensor, Tensor, Tensor, (Tensor, Tensor)>),
                    "(Tensor output, Tensor weights) Attention(Tensor q, Tensor k, Tensor v, Tensor mask)"),
                new LearnerFunction("SplitHeads", typeof(Func<Tensor, int, Tensor>), "Tensor SplitHeads(Tensor x, int heads)"),
                new LearnerFunction("MergeHeads", typeof(Func<Tensor, Tensor>), "Tensor MergeHeads(Tensor x)"),
            ],
            "References/AttentionReference.cs"),
        new PracticeExercise("06", "transformer-classifier", "A Transformer for text classification",
            "Masked mean pooling: the mean of the encoder's output over each sequence's real tokens, (B, T, D) with a padding mask (B, T) → (B, D).",
            "Pooling is where a Transformer classifier turns a sequence into one vector, and interviewers ask how padding is kept out: a plain mean over all positions makes the class depend on how much padding the batch has, dividing by T shrinks short sentences, and an empty sequence must not give 0/0 = NaN.",
            [
                "Only positions where the mask is true may count — in the sum and in the number you divide by.",
                "Sum hidden over time after zeroing the padding (masked_fill with mask.logical_not().unsqueeze(-1), or multiply by the mask as a float (B, T, 1)), then divide by the real length: mask summed over dim 1.",
                "Clamp the count to at least 1 (clamp_min(1)), so a sequence of only padding pools to zeros instead of 0/0 = NaN.",
            ],
            [new LearnerFunction("MaskedMeanPool", typeof(Func<Tensor, Tensor, Tensor>), "Tensor MaskedMeanPool(Tensor hidden, Tensor mask)")],
            "References/MaskedMeanPoolReference.cs"),
        new PracticeExercise("07", "denoising-autoencoder", "An autoencoder for image denoising",
            "The denoising autoencoder's training loss: corrupt the clean batch with Gaussian noise of std σ (from the given generator), clamp to [0, 1], run the model on the noisy batch, and return the MSE against the CLEAN batch, with the noisy batch.",
            "A denoising autoencoder is defined by its loss, and interviewers check exactly that: the noise goes on the input only, the target is the clean image (fit the input to itself, as the guide does, and the best model is the identity — nothing is denoised), the corrupted image is still an image (clamped), and the corruption is reproducible. It is also the classic answer to how a bottleneck is forced to learn structure rather than copy.",
            [
                "Two batches play two roles: the noisy one is the model's input, the clean one is the target. Only the input is corrupted.",
                "noise = torch.randn(clean.shape, dtype: clean.dtype, device: clean.device, generator: generator); noisy = (clean + noiseStd * noise).clamp(0, 1).",
                "loss = nn.functional.mse_loss(model.call(noisy), clean); return (loss, noisy). Never add the noise into clean in place.",
            ],
            [new LearnerFunction("DenoisingLoss", typeof(Func<Tensor, nn.Module<Tensor, Tensor>, double, Generator, (Tensor, Tensor)>),
                "(Tensor loss, Tensor noisy) DenoisingLoss(Tensor clean, nn.Module<Tensor, Tensor> model, double noiseStd, Generator generator)")],
            "References/DenoisingLossReference.cs"),
        new PracticeExercise("08", "cnn-classifier", "A CNN image classifier",
            "Folding a BatchNorm (eval mode) into the convolution before it: from the conv's weight (O, C, kh, kw) and optional bias and the BN's running mean, running variance, γ, β and ε, the one convolution (w', b') that computes the same.",
            "BatchNorm folding is the classic deployment question for CNNs: it tests whether you know what BN computes at inference (a fixed per-channel affine map with the running statistics, not the batch's), that the scale is per output channel, that the mean ends up in the bias, and why conv layers before BN need no bias of their own.",
            [
                "In eval mode BN is y = γ·(z − μ)/√(σ² + ε) + β per output channel, and z = w∗x + b is linear in w and b: substitute one into the other.",
                "With s = γ/√(σ² + ε) (one number per output channel): y = (w·s)∗x + (b − μ)·s + β. A convolution without bias has b = 0.",
                "The weight's first axis is the output channel: weight * s.view(-1, 1, 1, 1); the bias is (b − μ) * s + β. ε goes under the square root with the variance.",
            ],
            [new LearnerFunction("FoldBatchNorm", typeof(Func<Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, double, (Tensor, Tensor)>),
                "(Tensor weight, Tensor bias) FoldBatchNorm(Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar, Tensor gamma, Tensor beta, double eps)")],
            "References/BatchNormFoldReference.cs"),
        new PracticeExercise("09", "rnn-classifier", "An RNN sequence classifier",
            "Each sequence's RNN output at its own last real step, from a padded batch: outputs (B, T, H) and lengths (B) → (B, H).",
            "Classifying variable-length sequences with an RNN is asked to see whether you know padding is not data: outputs[:, -1] reads padding for every shorter sentence, the last real step is length − 1, not length, and the usual answers are a gather by lengths or pack_padded_sequence, whose h_n is exactly this vector.",
            [
                "Sequence b ends at step lengths[b] − 1 (0-based): that row of outputs, and only that one, is its summary.",
                "gather picks one step per row along dim 1: the index must have outputs' rank, (B, 1, H) — (lengths − 1).view(-1, 1, 1).expand(-1, 1, H).",
                "outputs.gather(1, index).squeeze(1) gives (B, H); squeeze only dim 1, so a batch of 1 stays (1, H). pack_padded_sequence(x, lengths, batch_first: true, enforce_sorted: false) in the model gives the same vector as h_n.",
            ],
            [new LearnerFunction("LastRealStep", typeof(Func<Tensor, Tensor, Tensor>), "Tensor LastRealStep(Tensor outputs, Tensor lengths)")],
            "References/LastStepReference.cs"),
        new PracticeExercise("10", "cnn-rnn", "A CNN + RNN model for image sequences",
            "One CNN over every frame of a clip by folding time into the batch: (B, T, C, H, W) → (B·T, C, H, W) → CNN → (B, T, F), frame order kept, for the LSTM that follows.",
            "Video and image-sequence questions come down to this reshape: an image CNN takes 4-D input, an LSTM wants (B, T, F), and the answer is to fold time into the batch (Keras's TimeDistributed) so one CNN with shared weights sees every frame. Interviewers check that you do not hand a 4-D conv output to the LSTM, do not average the frames away before the CNN, and do not mix clips and frames in the reshape.",
            [
                "The CNN only knows images (N, C, H, W). A clip's T frames are just T more images: run them all in one call, then give the time axis back.",
                "clips.flatten(0, 1) gives (B·T, C, H, W) with clip b's frame t at row b·T + t; cnn.call on it gives (B·T, F).",
                "features.reshape(B, T, -1) reads the rows back in the same (b, t) order. No transpose on one side only, and no mean over time before the CNN.",
            ],
            [new LearnerFunction("PerFrame", typeof(Func<Tensor, nn.Module<Tensor, Tensor>, Tensor>), "Tensor PerFrame(Tensor clips, nn.Module<Tensor, Tensor> cnn)")],
            "References/PerFrameReference.cs"),
        new PracticeExercise("11", "text-cnn", "A CNN for text classification",
            "The TextCNN head: 1-D convolutions of several widths over the embedded text, max over time that ignores padding, concatenated → (B, filters × widths).",
            "Kim's TextCNN is the standard answer to 'classify text with a CNN', and interviewers probe the details: the embedding is the channel axis and the convolution runs over time, the max is over time (which makes the model length-independent), padding must never win the max, and a text shorter than the widest filter still needs a window.",
            [
                "Conv1d wants (B, channels, T): the embedding dimension is the channel axis, so transpose (B, T, E) to (B, E, T). Each width gives (B, F, T'); the max over TIME gives (B, F).",
                "Zero the padded embeddings, pad each width's input on the right with width − 1 zeros (nn.functional.pad(x, [0, w − 1])) so every start position 0..T − 1 has a window, conv, ReLU.",
                "Windows that start at t ≥ length: masked_fill with −∞ before amax([2]); the mask is arange(T) < lengths.unsqueeze(1), unsqueezed on dim 1 for the filters. torch.cat the widths on dim 1, in the convs' order.",
            ],
            [new LearnerFunction("TextCnnFeatures", typeof(Func<Tensor, Tensor, TorchSharp.Modules.Conv1d[], Tensor>), "Tensor TextCnnFeatures(Tensor embedded, Tensor lengths, Conv1d[] convs)")],
            "References/TextCnnPoolReference.cs"),
        new PracticeExercise("12", "super-resolution-gan", "A GAN for image super-resolution",
            "Sub-pixel upsampling (pixel shuffle): (B, C·r², H, W) → (B, C, H·r, W·r), each group of r² channels moved into an r×r block of pixels.",
            "Pixel shuffle is how SRGAN and ESPCN upsample, and interviewers ask it to see whether you can rearrange a tensor without scrambling it: why a conv to C·r² channels plus a shuffle avoids the checkerboard artefacts of a strided transposed convolution, and the exact view/permute that keeps every value in its place — a plain reshape has the right shape and the wrong image.",
            [
                "Nothing is computed: every input value lands in exactly one output pixel. Input channel c·r² + i·r + j becomes output channel c at row h·r + i, column w·r + j.",
                "Split the channel axis first: x.view(B, C, r, r, H, W) — C before the two r's, as PyTorch lays it out.",
                "Then bring each r next to the axis it refines: permute(0, 1, 4, 2, 5, 3) gives (B, C, H, r, W, r), and reshape(B, C, H·r, W·r) merges them (reshape, since the permuted tensor is not contiguous).",
            ],
            [new LearnerFunction("PixelShuffle", typeof(Func<Tensor, int, Tensor>), "Tensor PixelShuffle(Tensor x, int factor)")],
            "References/PixelShuffleReference.cs"),
        new PracticeExercise("13", "ner-tagger", "Self-attention sequence labelling for NER",
            "Entity-level evaluation: BIO tags → entity spans (type, start, end), and entity precision, recall and F1 of predicted tags against gold ones (exact type and boundaries).",
            "NER is judged by entity F1, and interviewers ask how you compute it: most tokens are O, so token accuracy looks excellent while entities are missed; an entity counts only with its exact boundaries and type; an entity ending at the sentence's last token must not be dropped; and I- without a B- needs a rule (conlleval: it starts an entity).",
            [
                "Walk the tags once, keeping the open entity's type and start; every tag either continues it (I- of the same type) or closes it.",
                "Close the open entity on O, on any B-, on an I- of another type — and after the loop, at the sentence's end. A B-X or an I-X that does not continue opens a new entity of type X at that position.",
                "F1: put each sentence's gold spans in a HashSet and count the predicted spans it contains; P = correct / predicted, R = correct / gold, F1 = 2PR / (P + R), each 0 when its denominator is 0.",
            ],
            [
                new LearnerFunction("Spans", typeof(Func<IReadOnlyList<string>, List<(string, int, int)>>), "List<(string type, int start, int end)> Spans(IReadOnlyList<string> tags)"),
                new LearnerFunction("EntityF1", typeof(Func<IReadOnlyList<IReadOnlyList<string>>, IReadOnlyList<IReadOnlyList<string>>, (double, double, double)>),
                    "(double precision, double recall, double f1) EntityF1(IReadOnlyList<IReadOnlyList<string>> gold, IReadOnlyList<IReadOnlyList<string>> predicted)"),
            ],
            "References/EntitySpansReference.cs"),
        new PracticeExercise("14", "attention-seq2seq", "Attention-based dialogue generation",
            "One step of beam search: from the running scores of k hypotheses (k), the next-token log-probabilities (k, V), which hypotheses have finished, and the width, choose the new beam (previous beam, token, score) — the best `width` of all k·V continuations.",
            "Beam search is the decoding question of every sequence-to-sequence interview: interviewers want the top-k over ALL k·V continuations (not per beam), scores kept as sums of log-probabilities (products of probabilities underflow after a few dozen tokens), finished hypotheses that stop growing, and width 1 = greedy.",
            [
                "Each candidate is a hypothesis plus one token; its score is the hypothesis's score plus that token's log-probability. Compare all of them together.",
                "total = scores.unsqueeze(1) + logProbs is (k, V); flatten it and keep the `width` largest: beam = index / V (floor), token = index % V. A finished hypothesis gets one candidate only: itself at column EOS with its score, −∞ elsewhere (torch.where on finished.unsqueeze(1)).",
                "Ties: total.reshape(-1).sort(descending: true, stable: true) keeps the lower index first; take narrow(0, 0, min(width, k·V)). Return (index.div(V, RoundingMode.floor), index.remainder(V), the sorted scores).",
            ],
            [new LearnerFunction("BeamStep", typeof(Func<Tensor, Tensor, Tensor, int, long, (Tensor, Tensor, Tensor)>),
                "(Tensor beam, Tensor token, Tensor score) BeamStep(Tensor scores, Tensor logProbs, Tensor finished, int width, long eos)")],
            "References/BeamStepReference.cs"),
        new PracticeExercise("15", "transformer-translation", "A Transformer for machine translation",
            "Teacher forcing's shift (decoder input and the tokens it must predict, from a target BOS … EOS PAD…) and the decoder's self-attention mask, causal AND key-not-padding, (B, 1, T, T), true = may attend.",
            "Every encoder–decoder question comes back to these two lines: without the shift the decoder sees the token it must predict and learns to copy (a perfect training loss, garbage at inference), and the decoder's mask must be causal — the guide's decoder has none — and block pad KEYS, not pad queries, or a padded row sees nothing and softmax turns it into NaN.",
            [
                "Position t of the decoder reads BOS y1 … y(t−1) and must predict y(t): input and expected are the same target, offset by one.",
                "Shift: input = target[.., ..^1] (drop the last token), expected = target[.., 1..] (drop BOS); slicing keeps the padding aligned. The mask: a causal (1, 1, T, T) lower triangle with the diagonal, AND a padding mask.",
                "Padding belongs on the key axis: input.ne(padId).view(B, 1, 1, T). torch.ones(T, T, dtype: ScalarType.Bool).tril().view(1, 1, T, T).logical_and(that) broadcasts to (B, 1, T, T).",
            ],
            [
                new LearnerFunction("ShiftTarget", typeof(Func<Tensor, (Tensor, Tensor)>), "(Tensor input, Tensor expected) ShiftTarget(Tensor target)"),
                new LearnerFunction("DecoderMask", typeof(Func<Tensor, long, Tensor>), "Tensor DecoderMask(Tensor input, long padId)"),
            ],
            "References/TeacherForcingReference.cs"),
        new PracticeExercise("16", "image-translation-gan", "An image-to-image translation GAN",
            "The CycleGAN generators' loss on an unpaired batch: least-squares adversarial terms for both directions (G: A → B judged by dB, F: B → A judged by dA), plus λ_cycle·(‖F(G(a)) − a‖₁ + ‖G(F(b)) − b‖₁) and λ_id·(‖G(b) − b‖₁ + ‖F(a) − a‖₁) (mean L1); returns the total and the three parts.",
            "CycleGAN's loss is what interviewers ask about unpaired translation: why a cycle term (without pairs, adversarial loss alone lets G map every image to any plausible B image), that the round trip goes through both generators, that the identity term feeds each generator an image already in its target domain, why least squares instead of BCE, and that the fakes are detached only in the discriminators' step — never in the generators'.",
            [
                "Two fakes, G(a) and F(b); each is judged by the discriminator of the domain it pretends to be, and each comes back through the OTHER generator.",
                "adversarial = mse_loss(dB(G(a)), 1) + mse_loss(dA(F(b)), 1) (ones_like the scores); cycle = l1_loss(F(G(a)), a) + l1_loss(G(F(b)), b).",
                "identity = l1_loss(G(b), b) + l1_loss(F(a), a); total = adversarial + cycleWeight·cycle + identityWeight·identity. No detach() anywhere here.",
            ],
            [new LearnerFunction("CycleGeneratorLoss", typeof(Func<nn.Module<Tensor, Tensor>, nn.Module<Tensor, Tensor>, nn.Module<Tensor, Tensor>, nn.Module<Tensor, Tensor>, Tensor, Tensor, double, double, (Tensor, Tensor, Tensor, Tensor)>),
                "(Tensor total, Tensor adversarial, Tensor cycle, Tensor identity) CycleGeneratorLoss(nn.Module<Tensor, Tensor> g, nn.Module<Tensor, Tensor> f, nn.Module<Tensor, Tensor> dA, nn.Module<Tensor, Tensor> dB, Tensor a, Tensor b, double cycleWeight, double identityWeight)")],
            "References/CycleGeneratorLossReference.cs"),
        new PracticeExercise("17", "tiny-gpt", "Text generation with self-attention",
            "The causal mask of a decoder-only model (T × T, true = may attend), and drawing the next token from logits with temperature and top-k.",
            "Every GPT question comes down to these two: the causal mask is what stops position t from reading the token it must predict (with the diagonal, or a token cannot see itself), and generation quality is set by how you sample — interviewers ask what temperature does at 0 and at 2, why top-k, and why softmax must not overflow.",
            [
                "Row t of the mask is query position t: it may read keys 0..t, itself included, and never a later one.",
                "The mask is torch.ones(T, T, dtype: ScalarType.Bool).tril(). For sampling, divide the logits by the temperature, then keep the k largest (topk(k).values[-1] is the k-th) and set the others to −∞; k = 0 or k ≥ V keeps all.",
                "One softmax(-1) over the scaled, masked logits (it subtracts the maximum, so ×1e4 is safe), then torch.multinomial(probabilities, 1, generator: generator).item<long>() — always with the given generator.",
            ],
            [
                new LearnerFunction("CausalMask", typeof(Func<int, Tensor>), "Tensor CausalMask(int length)"),
                new LearnerFunction("SampleNext", typeof(Func<Tensor, double, int, Generator, long>), "long SampleNext(Tensor logits, double temperature, int topK, Generator generator)"),
            ],
            "References/TinyGptReference.cs"),
        new PracticeExercise("18", "digit-recognition", "Handwritten digit recognition",
            "Evaluating a classifier: Predict (the model in eval mode, no autograd graph, arg-max over the classes, mini-batches, the model's mode put back) and Score (accuracy and each class's recall).",
            "Every model is judged by its evaluation, and interviewers check the details: model.eval() (Dropout off, BatchNorm on its running statistics — forgetting it makes predictions noisy and batch-dependent), torch.no_grad() (a different switch: no graph, less memory), the arg-max over the class axis, putting the model back in training mode between epochs, and per-class recall, which an average accuracy can hide.",
            [
                "Two separate switches: eval mode changes how Dropout and BatchNorm behave; no_grad stops autograd from building a graph. Evaluation needs both, and the caller's mode back at the end.",
                "var wasTraining = model.training; model.eval(); then in a try: using var noGrad = torch.no_grad(); for each mini-batch images.narrow(0, start, min(batchSize, n − start)), model.call(batch).argmax(1); torch.cat them. In the finally: model.train(wasTraining).",
                "Score: correct = predicted.eq(labels); accuracy = correct.to(float64).mean(); recall of class c = (correct AND labels == c).sum() / (labels == c).sum() — divided by the images labelled c, not those predicted c.",
            ],
            [
                new LearnerFunction("Predict", typeof(Func<nn.Module<Tensor, Tensor>, Tensor, int, Tensor>), "Tensor Predict(nn.Module<Tensor, Tensor> model, Tensor images, int batchSize)"),
                new LearnerFunction("Score", typeof(Func<Tensor, Tensor, int, (double, double[])>), "(double accuracy, double[] recall) Score(Tensor predicted, Tensor labels, int classes)"),
            ],
            "References/EvaluationReference.cs"),
        new PracticeExercise("19", "resnet", "A residual network for image classification",
            "A ResNet basic block: the shortcut (identity, or a 1×1 conv + BatchNorm projection when the channels or the stride change) and the block's forward pass relu(F(x) + shortcut(x)).",
            "Residual blocks are asked in nearly every vision interview: why F(x) + x fixes the degradation of deep plain nets (the gradient flows back through the addition), where the ReLU goes (after the sum, not at the branch's end), and what to do when the shapes differ — the projection shortcut, used only where it is needed.",
            [
                "The branch F(x) is conv1 → bn1 → ReLU → conv2 → bn2; conv1 carries the stride. The block adds the shortcut to F(x), then applies ReLU.",
                "When the stride is 1 and the channels are kept, the shortcut is nn.Identity() (no parameters). Otherwise x must be brought to F(x)'s shape: a 1×1 conv with the same stride (bias: false, BN follows), then nn.BatchNorm2d(out), in an nn.Sequential.",
                "BlockForward: branch = bn2.call(conv2.call(bn1.call(conv1.call(x)).relu())); return (branch + shortcut.call(x)).relu(). No ReLU on the branch before the sum, and never add x itself when the shapes differ.",
            ],
            [
                new LearnerFunction("Shortcut", typeof(Func<int, int, int, nn.Module<Tensor, Tensor>>),
                    "nn.Module<Tensor, Tensor> Shortcut(int inChannels, int outChannels, int stride)"),
                new LearnerFunction("BlockForward", typeof(Func<Tensor, TorchSharp.Modules.Conv2d, TorchSharp.Modules.BatchNorm2d, TorchSharp.Modules.Conv2d, TorchSharp.Modules.BatchNorm2d, nn.Module<Tensor, Tensor>, Tensor>),
                    "Tensor BlockForward(Tensor x, Conv2d conv1, BatchNorm2d bn1, Conv2d conv2, BatchNorm2d bn2, nn.Module<Tensor, Tensor> shortcut)"),
            ],
            "References/ResidualBlockReference.cs"),
        new PracticeExercise("20", "denoising-cnn", "A CNN for image denoising",
            "DnCNN's residual learning and its metric: Denoise(noisy, noiseNet) = noisy − noiseNet(noisy), the net predicting the noise; Psnr(denoised, clean, dataRange), one PSNR per image, averaged.",
            "Residual learning is the idea interviewers want from 'denoise with a CNN': the net predicts the noise, which is simpler than the image and has both signs (so no ReLU at the end), and the image is the input minus it. PSNR is how the result is reported, and the details are asked: per image then averaged, the data range as the peak, and what a perfect image gives.",
            [
                "The net does not output the image: it outputs its estimate of the noise, which is negative as often as positive.",
                "Denoise: noisy − noiseNet.call(noisy), nothing applied to the net's output. PSNR = 10·log10(dataRange² / mse).",
                "Per image: (denoised − clean) in float64, square(), flatten(1).mean(new long[] { 1 }) gives one mse per image; 10 * torch.log10(dataRange * dataRange / mse), then mean().item<double>() (mse = 0 gives +∞, as Metrics.Psnr).",
            ],
            [
                new LearnerFunction("Denoise", typeof(Func<Tensor, nn.Module<Tensor, Tensor>, Tensor>), "Tensor Denoise(Tensor noisy, nn.Module<Tensor, Tensor> noiseNet)"),
                new LearnerFunction("Psnr", typeof(Func<Tensor, Tensor, double, double>), "double Psnr(Tensor denoised, Tensor clean, double dataRange)"),
            ],
            "References/DenoiseResidualReference.cs"),
    }.ToDictionary(p => p.Id);
}
