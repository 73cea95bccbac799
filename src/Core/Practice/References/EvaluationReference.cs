using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice.References;

/// <summary>
/// Exercise 18's reference: evaluating a classifier as the course's Predictions.Classes does — eval mode (Dropout off,
/// BatchNorm on its running statistics), no autograd graph, arg-max over the class axis, mini-batches — and, unlike the
/// course's helper, putting the model back in the mode it was in. Then accuracy and per-class recall, as the course's
/// Self-check reads them off the confusion matrix.
/// </summary>
public sealed class EvaluationReference
{
    #region Exercise18
    Tensor Predict(nn.Module<Tensor, Tensor> model, Tensor images, int batchSize)
    {
        var wasTraining = model.training;
        model.eval();                               // Dropout off, BatchNorm on its running statistics
        try
        {
            using var noGrad = no_grad();           // evaluation needs no graph: less memory, faster
            var predicted = new List<Tensor>();
            for (long start = 0; start < images.shape[0]; start += batchSize)
            {
                var batch = images.narrow(0, start, Math.Min(batchSize, images.shape[0] - start));
                predicted.Add(model.call(batch).argmax(1));   // logits (b, classes): the best class of each image
            }
            return torch.cat(predicted);
        }
        finally
        {
            model.train(wasTraining);               // the caller's training loop goes on in the mode it set
        }
    }

    (double accuracy, double[] recall) Score(Tensor predicted, Tensor labels, int classes)
    {
        var correct = predicted.eq(labels);
        var accuracy = correct.to(ScalarType.Float64).mean().item<double>();
        var recall = new double[classes];
        for (int c = 0; c < classes; c++)
        {
            // Recall of class c: of the images whose label is c, the share predicted as c.
            var isC = labels.eq(c);
            recall[c] = correct.logical_and(isC).sum().item<long>() / (double)isC.sum().item<long>();
        }
        return (accuracy, recall);
    }
    #endregion

    /// <summary>The reference as the grader calls it.</summary>
    public static Delegate[] Functions()
    {
        var r = new EvaluationReference();
        return
        [
            new Func<nn.Module<Tensor, Tensor>, Tensor, int, Tensor>(r.Predict),
            new Func<Tensor, Tensor, int, (double, double[])>(r.Score),
        ];
    }
}
