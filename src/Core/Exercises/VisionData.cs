using NeuralNotebooks.Runtime;
using NeuralNotebooks.Data;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Exercises;

/// <summary>Small helpers the vision exercises share on top of Core's data sets.</summary>
public static class VisionData
{
    /// <summary>The first <paramref name="trainCount"/> training and <paramref name="testCount"/> test images of Fashion-MNIST (Core's loader).</summary>
    public static (TensorDataset Train, TensorDataset Test) FashionMnistParts(int trainCount, int testCount)
    {
        var all = FashionMnist.Load(limit: Math.Max(trainCount, testCount));
        return (First(all.Train, trainCount), First(all.Test, testCount));
    }

    /// <summary>The first <paramref name="count"/> examples (the data sets come shuffled); disposes the rest.</summary>
    public static TensorDataset First(TensorDataset data, int count)
    {
        if (count >= data.Count) return data;
        var part = data.Subset(Enumerable.Range(0, count).Select(i => (long)i).ToArray(), $"{data.Source}, first {count}");
        data.Dispose();
        return part;
    }

    /// <summary>
    /// The classifier recipe exercises 2, 8 and 18 share: AdamW (small weight decay) with a one-cycle learning-rate
    /// schedule, cross-entropy on logits, accuracy measured; the test set is watched every epoch but never used to choose anything.
    /// </summary>
    public static TrainingHistory FitClassifier(nn.Module<Tensor, Tensor> model, TensorDataset train, TensorDataset test,
        int epochs, int batchSize, double learningRate, int seed)
    {
        var trainLoader = new DataLoader(train, batchSize, shuffle: true, seed: seed);
        var optimizer = optim.AdamW(model.parameters(), lr: learningRate, weight_decay: 1e-4);
        // One-cycle: warm up, then anneal to ~0 — reaches a good accuracy in few epochs.
        var schedule = optim.lr_scheduler.OneCycleLR(optimizer, learningRate, total_steps: trainLoader.Count * epochs);
        var trainer = new Trainer(model, nn.CrossEntropyLoss(), optimizer,
            new TrainerOptions { Metrics = [Metric.Accuracy], Scheduler = schedule, SchedulerPerStep = true });
        return trainer.Fit(trainLoader, new DataLoader(test, 500), epochs);
    }
}
