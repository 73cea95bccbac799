using NeuralNotebooks.Data;
using NeuralNotebooks.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Training;

/// <summary>What a classifier predicts for a whole data set: the one predict that every lesson uses.</summary>
public static class Predictions
{
    /// <summary>The predicted class of every example of <paramref name="data"/>, for a model called as model(inputs).</summary>
    public static long[] Classes(nn.Module<Tensor, Tensor> model, TensorDataset data, int batchSize = 256) =>
        Classes(model, data, batch => model.call(batch.Input), batchSize);

    /// <summary>The predicted class of every example, for a sequence model called as model(tokens, lengths) on data sets [tokens, labels, lengths].</summary>
    public static long[] Classes(nn.Module<Tensor, Tensor, Tensor> model, TensorDataset data, int batchSize = 256) =>
        Classes(model, data, batch => model.call(batch[0], batch[2]), batchSize);

    /// <summary>
    /// The arg-max of <paramref name="scores"/> for every example, in data-set order: the model in eval mode, no
    /// gradients, each batch moved to the model's device and only the class ids brought back.
    /// </summary>
    public static long[] Classes(nn.Module model, TensorDataset data, Func<Batch, Tensor> scores, int batchSize = 256)
    {
        model.eval();
        using var noGrad = no_grad();
        var device = Devices.Of(model);
        var predictions = new List<long>((int)data.Count);
        foreach (var batch in new DataLoader(data, batchSize, device: device))
        {
            using var scope = NewDisposeScope();
            predictions.AddRange(scores(batch).argmax(-1).cpu().data<long>().ToArray());
        }
        return predictions.ToArray();
    }
}
