using System.Diagnostics;
using NeuralNotebooks.Data;
using NeuralNotebooks.Exercises.CnnClassifier;
using NeuralNotebooks.Exercises.TransformerClassifier;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Benchmarks;

/// <summary>
/// Resident memory and live TorchSharp tensors after every epoch of a training run through our Trainer:
/// both must stay flat after the first epoch (growth reported in %).
/// </summary>
public static class MemoryFlatness
{
    public sealed record Result(string Model, int Epochs, IReadOnlyList<(long RssBytes, long LiveTensors)> PerEpoch)
    {
        public double RssGrowthPercent => 100.0 * (PerEpoch[^1].RssBytes - PerEpoch[0].RssBytes) / PerEpoch[0].RssBytes;
        public long LiveTensorGrowth => PerEpoch[^1].LiveTensors - PerEpoch[0].LiveTensors;
    }

    public static Result Run(string model, int epochs, int examples)
    {
        manual_seed(0);
        nn.Module<Tensor, Tensor> net;
        TensorDataset data;
        if (model == "cnn")
        {
            net = new FashionCnn(width: 16, hidden: 64);
            data = new TensorDataset(randn(examples, 1, 28, 28), randint(0, 10, examples));
        }
        else
        {
            net = new TransformerTextClassifier(1000, 2, 64, modelSize: 128, heads: 4, layers: 2, hiddenSize: 512);
            data = new TensorDataset(randint(1, 1000, [examples, 64]), randint(0, 2, examples));
        }
        using var _ = data;
        var samples = new List<(long, long)>();
        var trainer = new Trainer(net, nn.CrossEntropyLoss(), optim.Adam(net.parameters(), lr: 1e-3),
            new TrainerOptions { Metrics = [Metric.Accuracy], Observers = [new EpochSampler(samples)] });
        trainer.Fit(new DataLoader(data, 32, shuffle: true, seed: 0), epochs: epochs);
        net.Dispose();
        return new(model, epochs, samples);
    }

    sealed class EpochSampler(List<(long, long)> samples) : ITrainingObserver
    {
        public void OnEpochEnded(TrainingProgress p)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            using var self = Process.GetCurrentProcess();
            samples.Add((self.WorkingSet64, DisposeScopeManager.Statistics.ThreadTotalLiveCount));
        }
    }
}
