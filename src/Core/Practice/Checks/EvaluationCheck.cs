using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using PredictFunction = System.Func<TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>, TorchSharp.torch.Tensor, int, TorchSharp.torch.Tensor>;
using ScoreFunction = System.Func<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, int, (double, double[])>;

namespace NeuralNotebooks.Practice.Checks;

/// <summary>
/// Exercise 18: evaluating a classifier — Predict (eval mode, no graph, arg-max over classes, mode restored) on a small
/// CNN with BatchNorm and Dropout that the grader builds and watches, and Score (accuracy, per-class recall). Checks
/// shapes (batch 1, several batch sizes), eval mode during every forward call, no autograd graph, the training flag
/// restored, values vs the reference, determinism and independence of the batch size.
/// </summary>
public sealed class EvaluationCheck : IExerciseCheck
{
    const string GuideKindOfBug = "evaluating in training mode — the mistake the guide's digit model is set up for (it never switches to eval)";

    /// <summary>
    /// conv3×3 → BatchNorm → ReLU → Flatten → Dropout(0.5) → Linear, wrapped so the grader sees, on every forward call,
    /// whether it ran in training mode and with autograd on.
    /// </summary>
    sealed class WatchedNet : nn.Module<Tensor, Tensor>
    {
        private readonly Sequential net;
        public int Calls, CallsInTraining, CallsWithGrad;

        public WatchedNet(int size, int classes) : base("WatchedNet")
        {
            net = nn.Sequential(nn.Conv2d(1, 4, 3, padding: 1), nn.BatchNorm2d(4), nn.ReLU(), nn.Flatten(), nn.Dropout(0.5), nn.Linear(4 * size * size, classes));
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            Calls++;
            if (training) CallsInTraining++;
            if (torch.is_grad_enabled()) CallsWithGrad++;
            return net.call(x);
        }

        public void ResetCounts() => Calls = CallsInTraining = CallsWithGrad = 0;

        /// <summary>Running statistics away from 0/1, so batch statistics (training mode) give other logits.</summary>
        public WatchedNet Randomize(CheckKit kit)
        {
            using var noGrad = torch.no_grad();
            foreach (var (name, b) in named_buffers())
                if (name.EndsWith("running_mean")) b.copy_(kit.Randn(ScalarType.Float32, b.shape) * 0.5);
                else if (name.EndsWith("running_var")) b.copy_(kit.Rand(ScalarType.Float32, b.shape) + 0.5);
            return this;
        }
    }

    sealed record Case(WatchedNet Model, Tensor Images, int Classes);

    static readonly PredictFunction ReferencePredict = (PredictFunction)References.EvaluationReference.Functions()[0];
    static readonly ScoreFunction ReferenceScore = (ScoreFunction)References.EvaluationReference.Functions()[1];

    public IReadOnlyList<PropertyResult> Run(Learner learner, int seed)
    {
        var kit = new CheckKit(seed);
        torch.manual_seed(seed);    // the nets' initial weights (Practice.Check restores the learner's random state)
        var predict = learner.Function<PredictFunction>(0);
        var score = learner.Function<ScoreFunction>(1);
        Tensor Predict(WatchedNet model, Tensor images, int batchSize) => learner.Run(0, () => predict(model, images, batchSize));
        (double Accuracy, double[] Recall) Score(Tensor predicted, Tensor labels, int classes) => learner.Run(1, () => score(predicted, labels, classes));

        var (size, classes) = (kit.Int(4, 6), kit.Int(3, 5));
        var model = new WatchedNet(size, classes).Randomize(kit);
        // Image counts never a multiple of the class count, so an arg-max over the batch axis shows in the shape.
        var cases = kit.Batches().Select(n => n % classes == 0 ? n + 1 : n)
            .Select(n => new Case(model, kit.Randn(ScalarType.Float32, n, 1, size, size), classes)).ToArray();

        return CheckKit.InOrder(
            ("shapes", [], () => Shapes(kit, cases, Predict)),
            ("eval mode", ["shapes"], () => EvalMode(cases, Predict)),
            ("no autograd graph", ["shapes"], () => NoGraph(cases, Predict)),
            ("training mode restored", ["shapes"], () => ModeRestored(cases[1], Predict)),
            ("values", ["shapes"], () => Values(kit, cases, Predict)),
            ("deterministic", ["shapes"], () => Deterministic(cases[2], Predict)),
            ("batch-size independent", ["shapes"], () => BatchSizeIndependent(cases[2], Predict)),
            ("accuracy and recall", [], () => Scores(kit, Score)));
    }

    static PropertyResult Shapes(CheckKit kit, Case[] cases, Func<WatchedNet, Tensor, int, Tensor> predict)
    {
        foreach (var c in cases)
            foreach (var batchSize in new[] { 1, kit.Int(2, 4), 64 })
            {
                var n = c.Images.shape[0];
                var got = predict(c.Model, c.Images, batchSize);
                if (got is null || !got.shape.SequenceEqual([n]) || got.dtype != ScalarType.Int64)
                    return PropertyResult.Fail("shapes", $"{n} images (batch size {batchSize}, {c.Classes} classes): Predict should return [{n}] class ids (Int64), got {(got is null ? "null" : $"{TensorDiff.Shape(got)} {got.dtype}")}.",
                        got is not null && got.numel() % c.Classes == 0 && got.numel() != n
                            ? "the arg-max runs over the batch axis: the logits are (batch, classes), so take argmax(1) (or -1) — one class per image, not one image per class."
                            : "one class id per image: argmax over the class axis of each mini-batch's logits (batch, classes), then torch.cat the mini-batches in order.");
            }
        return PropertyResult.Pass("shapes", $"one Int64 class id per image for {string.Join(", ", cases.Select(c => c.Images.shape[0]))} images and batch sizes 1, a few and more than all.");
    }

    static PropertyResult EvalMode(Case[] cases, Func<WatchedNet, Tensor, int, Tensor> predict)
    {
        foreach (var c in cases)
        {
            c.Model.train();
            c.Model.ResetCounts();
            predict(c.Model, c.Images, 4);
            if (c.Model.Calls == 0)
                return PropertyResult.Fail("eval mode", "Predict never called the model.", "call model.call(batch) for each mini-batch and take the arg-max of its logits.");
            if (c.Model.CallsInTraining > 0)
                return PropertyResult.Fail("eval mode", $"the model was in training mode in {c.Model.CallsInTraining} of {c.Model.Calls} forward calls (it was handed over in training mode, as after a training epoch).",
                    GuideKindOfBug + ": Dropout then drops units at random and BatchNorm normalises with each batch's own statistics, so the predictions are noisy and depend on the batch. Call model.eval() before the first forward call.");
        }
        return PropertyResult.Pass("eval mode", "every forward call ran in eval mode, though the model was handed over in training mode.");
    }

    static PropertyResult NoGraph(Case[] cases, Func<WatchedNet, Tensor, int, Tensor> predict)
    {
        foreach (var c in cases)
        {
            c.Model.ResetCounts();
            var got = predict(c.Model, c.Images, 4);
            if (c.Model.CallsWithGrad > 0)
                return PropertyResult.Fail("no autograd graph", $"autograd was on in {c.Model.CallsWithGrad} of {c.Model.Calls} forward calls: each built a graph that evaluation never uses.",
                    "wrap the forward calls in using var noGrad = torch.no_grad(); — eval() switches Dropout and BatchNorm, not autograd; these are two different things.");
            if (got.requires_grad)
                return PropertyResult.Fail("no autograd graph", "the returned predictions require grad.", "return the arg-max (class ids) computed under torch.no_grad().");
        }
        return PropertyResult.Pass("no autograd graph", "every forward call ran with autograd off (torch.no_grad), and the predictions carry no graph.");
    }

    static PropertyResult ModeRestored(Case c, Func<WatchedNet, Tensor, int, Tensor> predict)
    {
        foreach (var before in new[] { true, false })
        {
            c.Model.train(before);
            predict(c.Model, c.Images, 4);
            var after = c.Model.training;
            var childrenAfter = c.Model.modules().Select(m => m.training).Distinct().ToArray();
            if (after != before || childrenAfter.Length != 1 || childrenAfter[0] != before)
                return PropertyResult.Fail("training mode restored", $"the model was handed over in {(before ? "training" : "eval")} mode and came back in {(after ? "training" : "eval")} mode.",
                    before ? "evaluating in the middle of training (after each epoch) must not leave the model in eval mode, or the next epoch trains without Dropout and freezes BatchNorm's statistics: keep var wasTraining = model.training and call model.train(wasTraining) at the end (in a finally)."
                           : "put the model back in the mode it came in (model.train(wasTraining)), not always in training mode.");
        }
        return PropertyResult.Pass("training mode restored", "the model comes back in the mode it was handed over in, training or eval.");
    }

    /// <summary>The oracle: the whole set in one forward call, eval mode, no graph, arg-max over classes.</summary>
    static Tensor Expected(Case c)
    {
        var mode = c.Model.training;
        c.Model.eval();
        using var noGrad = torch.no_grad();
        var expected = c.Model.call(c.Images).argmax(1);
        c.Model.train(mode);
        return expected;
    }

    static PropertyResult Values(CheckKit kit, Case[] cases, Func<WatchedNet, Tensor, int, Tensor> predict)
    {
        foreach (var c in cases)
            foreach (var batchSize in new[] { 1, kit.Int(2, 4) })
            {
                c.Model.train();
                var got = predict(c.Model, c.Images, batchSize);
                var expected = Expected(c);
                var wrong = got.ne(expected);
                if (wrong.any().item<bool>())
                {
                    var first = wrong.nonzero()[0, 0].item<long>();
                    return PropertyResult.Fail("values", $"{c.Images.shape[0]} images, batch size {batchSize}: {wrong.sum().item<long>()} predictions differ from the model's in eval mode; image {first} should be class {expected[first].item<long>()}, got {got[first].item<long>()}.",
                        "the prediction is argmax(1) of the logits in eval mode, one per image in the images' order; " + GuideKindOfBug + " changes them.");
                }
            }
        return PropertyResult.Pass("values", "the predictions equal the arg-max of the model's eval-mode logits, in order, for batch sizes 1 and a few.");
    }

    static PropertyResult Deterministic(Case c, Func<WatchedNet, Tensor, int, Tensor> predict)
    {
        c.Model.train();
        var first = predict(c.Model, c.Images, 3);
        c.Model.train();
        var second = predict(c.Model, c.Images, 3);
        if (first.ne(second).any().item<bool>())
            return PropertyResult.Fail("deterministic", $"two evaluations of the same {c.Images.shape[0]} images give different predictions ({first.ne(second).sum().item<long>()} differ).",
                GuideKindOfBug + ": Dropout stays active and draws new units to drop on every call.");
        return PropertyResult.Pass("deterministic", "the same images give the same predictions every time (Dropout is off).");
    }

    static PropertyResult BatchSizeIndependent(Case c, Func<WatchedNet, Tensor, int, Tensor> predict)
    {
        var n = (int)c.Images.shape[0];
        c.Model.eval();     // handed over in eval mode: only BatchNorm's batch statistics could make the batch size matter
        var whole = predict(c.Model, c.Images, n);
        foreach (var batchSize in new[] { 1, 2 })
        {
            c.Model.eval();
            var got = predict(c.Model, c.Images, batchSize);
            if (got.ne(whole).any().item<bool>())
                return PropertyResult.Fail("batch-size independent", $"{n} images: batch size {batchSize} gives {got.ne(whole).sum().item<long>()} predictions other than batch size {n}.",
                    "an image's class must not depend on which images share its batch: BatchNorm must use its running statistics (eval mode), and the mini-batches must be cut in order with no image skipped or repeated (narrow(0, start, min(batchSize, n − start))).");
        }
        return PropertyResult.Pass("batch-size independent", $"batch sizes 1, 2 and {n} give the same predictions.");
    }

    /// <summary>Unequal beyond rounding; NaN (a 0/0) differs from every number.</summary>
    static bool Differs(double got, double expected) => !(Math.Abs(got - expected) <= 1e-12);

    static PropertyResult Scores(CheckKit kit, Func<Tensor, Tensor, int, (double Accuracy, double[] Recall)> score)
    {
        foreach (var n in new[] { 1, kit.Int(8, 15), kit.Int(30, 60) })
        {
            var classes = n == 1 ? 1 : kit.Int(2, 5);
            // Every class present (its recall is defined); about half the predictions right.
            var labels = torch.cat([torch.arange(classes), kit.RandInt(classes, n - classes)]);
            var predicted = torch.where(kit.Rand(ScalarType.Float32, n) < 0.5, labels, kit.RandInt(classes, n));
            var (accuracy, recall) = ReferenceScore(predicted, labels, classes);
            var got = score(predicted, labels, classes);
            if (Differs(got.Accuracy, accuracy))
                return PropertyResult.Fail("accuracy and recall", $"{n} images, {classes} classes: accuracy should be {accuracy:G6}, got {got.Accuracy:G6}.",
                    "accuracy is the share of images whose prediction equals the label: predicted.eq(labels) as float64, mean.");
            if (got.Recall is null || got.Recall.Length != classes)
                return PropertyResult.Fail("accuracy and recall", $"{classes} classes: recall should have {classes} entries, got {got.Recall?.Length.ToString() ?? "null"}.", "one recall per class, indexed by the class id.");
            for (int k = 0; k < classes; k++)
                if (Differs(got.Recall[k], recall[k]))
                {
                    var precision = labels.eq(k).logical_and(predicted.eq(k)).sum().item<long>() / (double)Math.Max(1, predicted.eq(k).sum().item<long>());
                    return PropertyResult.Fail("accuracy and recall", $"{n} images, {classes} classes: recall of class {k} should be {recall[k]:G6}, got {got.Recall[k]:G6}.",
                        !Differs(got.Recall[k], precision)
                            ? "that is the precision (divided by the images PREDICTED as the class): recall divides by the images whose LABEL is the class."
                            : "recall of class k: among the images labelled k, the share predicted as k.");
                }
        }
        return PropertyResult.Pass("accuracy and recall", "accuracy and every class's recall match the reference (1 image, and several with 2–5 classes).");
    }
}
