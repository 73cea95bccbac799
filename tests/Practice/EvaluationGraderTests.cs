using NeuralNotebooks.Practice;
using TorchSharp;
using static TorchSharp.torch;
using static NeuralNotebooks.Tests.Practice.GraderKit;
using PredictFunction = System.Func<TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>, TorchSharp.torch.Tensor, int, TorchSharp.torch.Tensor>;
using ScoreFunction = System.Func<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, int, (double, double[])>;

namespace NeuralNotebooks.Tests.Practice;

/// <summary>The grader of practice 18 (evaluating a classifier: Predict and Score).</summary>
public class EvaluationGraderTests
{
    static readonly Delegate[] Reference = PracticeCatalog.Reference(PracticeCatalog.Practice("18"));
    static readonly ScoreFunction ReferenceScore = (ScoreFunction)Reference[1];
    static readonly PredictFunction ReferencePredict = (PredictFunction)Reference[0];

    static CheckReport Check(PredictFunction predict, ScoreFunction? score = null) =>
        NeuralNotebooks.Practice.Practice.Check("18", [predict, score ?? ReferenceScore]);

    [Fact]
    public void The_reference_passes() => AssertPasses(NeuralNotebooks.Practice.Practice.Check("18", Reference));

    /// <summary>Written differently: one image at a time, autograd switched off by set_grad_enabled, max's indices, recall from a confusion matrix in C# arrays.</summary>
    [Fact]
    public void A_loop_over_images_with_a_confusion_matrix_passes() => AssertPasses(NeuralNotebooks.Practice.Practice.Check("18", [
        new PredictFunction((model, images, batchSize) =>
        {
            var mode = model.training;
            var gradWas = torch.is_grad_enabled();
            torch.set_grad_enabled(false);
            model.train(false);
            var ids = new long[images.shape[0]];
            for (long i = 0; i < images.shape[0]; i++)
                ids[i] = model.call(images[i].unsqueeze(0)).max(-1).indexes.item<long>();
            model.train(mode);
            torch.set_grad_enabled(gradWas);
            return torch.tensor(ids);
        }),
        new ScoreFunction((predicted, labels, classes) =>
        {
            var (p, l) = (predicted.data<long>().ToArray(), labels.data<long>().ToArray());
            var confusion = new long[classes, classes];
            for (int i = 0; i < l.Length; i++) confusion[l[i], p[i]]++;
            var right = Enumerable.Range(0, classes).Sum(c => confusion[c, c]);
            var recall = Enumerable.Range(0, classes).Select(c => confusion[c, c] / (double)Enumerable.Range(0, classes).Sum(q => confusion[c, q])).ToArray();
            return (right / (double)l.Length, recall);
        }),
    ]));

    /// <summary>The guide's kind of bug: the model stays in training mode (no eval()), so Dropout and batch statistics act.</summary>
    [Fact]
    public void Forgetting_eval_mode_fails_eval_mode_and_determinism()
    {
        var report = Check((model, images, batchSize) =>
        {
            using var noGrad = torch.no_grad();
            return torch.cat(Enumerable.Range(0, (int)((images.shape[0] + batchSize - 1) / batchSize))
                .Select(i => model.call(images.narrow(0, i * batchSize, Math.Min(batchSize, images.shape[0] - i * batchSize))).argmax(1)).ToArray());
        });
        AssertFails(report, "eval mode", "training mode", "model.eval()", "guide");
        AssertFails(report, "deterministic", "Dropout");
    }

    [Fact]
    public void Leaving_the_model_in_eval_mode_fails_training_mode_restored()
    {
        var report = Check((model, images, batchSize) =>
        {
            model.eval();
            using var noGrad = torch.no_grad();
            return model.call(images).argmax(1);
        });
        AssertFails(report, "training mode restored", "came back in eval mode", "model.train(wasTraining)");
    }

    [Fact]
    public void Forgetting_no_grad_fails_no_autograd_graph()
    {
        AssertFails(Check((model, images, batchSize) =>
        {
            var mode = model.training;
            model.eval();
            var predicted = model.call(images).argmax(1);
            model.train(mode);
            return predicted;
        }), "no autograd graph", "autograd was on", "torch.no_grad()");
    }

    [Fact]
    public void An_argmax_over_the_batch_axis_fails_shapes()
    {
        AssertFails(Check((model, images, batchSize) =>
        {
            var mode = model.training;
            model.eval();
            using var noGrad = torch.no_grad();
            var predicted = model.call(images).argmax(0);
            model.train(mode);
            return predicted;
        }), "shapes", "batch axis", "argmax(1)");
    }

    [Fact]
    public void Precision_instead_of_recall_fails_accuracy_and_recall()
    {
        AssertFails(Check(ReferencePredict, (predicted, labels, classes) =>
        {
            var correct = predicted.eq(labels);
            var precision = Enumerable.Range(0, classes)
                .Select(c => correct.logical_and(predicted.eq(c)).sum().item<long>() / (double)Math.Max(1, predicted.eq(c).sum().item<long>())).ToArray();
            return (correct.to(ScalarType.Float64).mean().item<double>(), precision);
        }), "accuracy and recall", "precision", "LABEL");
    }
}
