using NeuralNotebooks.Data;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Tests.Training;

public class TrainerTests
{
    sealed class Recorder : ITrainingObserver
    {
        public List<string> Calls { get; } = [];
        public Action<TrainingProgress>? AtStep { get; init; }
        public void OnTrainingStarted(TrainingProgress p) => Calls.Add("start");
        public void OnStep(TrainingProgress p) { Calls.Add($"step {p.Epoch}.{p.Step}"); AtStep?.Invoke(p); }
        public void OnEpochEnded(TrainingProgress p) => Calls.Add($"epoch {p.Epoch}");
        public void OnTrainingEnded(TrainingProgress p) => Calls.Add("end");
    }

    [Fact]
    public void Loss_goes_down_and_accuracy_goes_up_on_tiny_data()
    {
        using var train = TinyProblem.Blobs(64, seed: 1);
        using var validation = TinyProblem.Blobs(32, seed: 2);
        var model = TinyProblem.Model(0);
        var trainer = new Trainer(model, nn.CrossEntropyLoss(), optim.Adam(model.parameters(), lr: 0.05),
            new TrainerOptions { Metrics = [Metric.Accuracy] });

        var history = trainer.Fit(TinyProblem.Loader(train), TinyProblem.Loader(validation, 32, shuffle: false), epochs: 8);

        var loss = history.EpochSeries("loss", Split.Train);
        Assert.Equal(8, loss.Count);
        Assert.True(loss[^1].Value < loss[0].Value / 2, $"train loss {loss[0].Value} -> {loss[^1].Value}");
        Assert.True(history.Last("accuracy") >= 0.9, $"validation accuracy {history.Last("accuracy")}");
        Assert.Equal(TrainingOutcome.Completed, history.Outcome);
        Assert.Equal(8 * 4, history.Steps.Count);
        Assert.Equal(["loss", "accuracy", "lr", "samples_per_second"], history.StepMetricNames);
        Assert.All(history.StepSeries("lr"), s => Assert.Equal(0.05, s.Value, 9));
        Assert.All(history.StepSeries("samples_per_second"), s => Assert.True(s.Value > 0));
        Assert.False(model.training); // left in eval mode
    }

    [Fact]
    public void Observers_are_called_in_order()
    {
        using var data = TinyProblem.Blobs(8, seed: 1);
        var model = TinyProblem.Model(0);
        var recorder = new Recorder();
        var trainer = new Trainer(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), 0.1), new TrainerOptions { Observers = [recorder] });
        trainer.Fit(TinyProblem.Loader(data, 4), epochs: 2);
        Assert.Equal(["start", "step 1.1", "step 1.2", "epoch 1", "step 2.1", "step 2.2", "epoch 2", "end"], recorder.Calls);
    }

    [Fact]
    public void Cancellation_stops_after_the_current_step_and_leaves_a_usable_model_and_history()
    {
        using var data = TinyProblem.Blobs(64, seed: 1);
        var model = TinyProblem.Model(0);
        using var cancel = new CancellationTokenSource();
        var recorder = new Recorder { AtStep = p => { if (p.GlobalStep == 6) cancel.Cancel(); } };
        var trainer = new Trainer(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), 0.1), new TrainerOptions { Observers = [recorder] });

        var history = trainer.Fit(TinyProblem.Loader(data), epochs: 5, cancellation: cancel.Token);

        Assert.Equal(TrainingOutcome.Cancelled, history.Outcome);
        Assert.Equal(6, history.Steps.Count);
        Assert.Single(history.Epochs); // epoch 1 (4 steps) finished; epoch 2 was cut after its second step
        Assert.Equal("end", recorder.Calls[^1]);
        using var output = model.call(torch.zeros(3, 2));
        Assert.Equal([3L, 2L], output.shape);

        var resumed = trainer.Fit(TinyProblem.Loader(data), epochs: 1);
        Assert.Equal(TrainingOutcome.Completed, resumed.Outcome);
        Assert.Equal(2, resumed.Epochs[^1].Epoch);
    }

    [Fact]
    public void Early_stopping_stops_when_the_metric_stops_improving()
    {
        using var data = TinyProblem.Blobs(32, seed: 1);
        var model = TinyProblem.Model(0);
        // lr 0 → the validation loss never improves after the first epoch.
        var trainer = new Trainer(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), 0.0),
            new TrainerOptions { EarlyStopping = new EarlyStopping("loss", Patience: 2) });
        var history = trainer.Fit(TinyProblem.Loader(data), TinyProblem.Loader(data, 32, false), epochs: 50);
        Assert.Equal(TrainingOutcome.EarlyStopped, history.Outcome);
        Assert.Equal(3, history.Epochs.Count);
    }

    [Fact]
    public void Early_stopping_on_a_metric_nobody_measures_says_so()
    {
        using var data = TinyProblem.Blobs(8, seed: 1);
        var model = TinyProblem.Model(0);
        var trainer = new Trainer(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), 0.1),
            new TrainerOptions { EarlyStopping = new EarlyStopping("accuracy", Goal: Goal.Maximize) });
        var e = Assert.Throws<InvalidOperationException>(() => trainer.Fit(TinyProblem.Loader(data), epochs: 2));
        Assert.Contains("'accuracy'", e.Message);
        Assert.Contains("TrainerOptions.Metrics", e.Message);
    }

    [Fact]
    public void Checkpoint_round_trip_gives_identical_outputs_and_identical_further_training()
    {
        using var data = TinyProblem.Blobs(32, seed: 1);
        var path = Path.Combine(Path.GetTempPath(), $"nn-checkpoint-{Guid.NewGuid():N}.bin");
        try
        {
            var model = TinyProblem.Model(0);
            var trainer = new Trainer(model, nn.CrossEntropyLoss(), optim.Adam(model.parameters(), 0.01));
            trainer.Fit(TinyProblem.Loader(data, shuffle: false), epochs: 2);
            trainer.SaveCheckpoint(path);

            var copy = TinyProblem.Model(42); // different initial weights
            var copyTrainer = new Trainer(copy, nn.CrossEntropyLoss(), optim.Adam(copy.parameters(), 0.01));
            copyTrainer.LoadCheckpoint(path);
            using var probe = torch.randn(5, 2);
            model.eval(); copy.eval();
            Assert.Equal(model.call(probe).data<float>().ToArray(), copy.call(probe).data<float>().ToArray());

            // Same optimizer state (Adam moments and step count) → the next epoch is identical too.
            trainer.Fit(TinyProblem.Loader(data, shuffle: false), epochs: 1);
            copyTrainer.Fit(TinyProblem.Loader(data, shuffle: false), epochs: 1);
            Assert.Equal(model.call(probe).data<float>().ToArray(), copy.call(probe).data<float>().ToArray());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_custom_step_trains_with_the_trainers_epochs_history_and_evaluation()
    {
        using var data = TinyProblem.Blobs(64, seed: 1);
        var model = TinyProblem.Model(0);
        var optimizer = optim.SGD(model.parameters(), 0.2);
        var recorder = new Recorder();
        var trainer = new Trainer(
            step: batch =>
            {
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(model.call(batch.Input), batch.Target);
                loss.backward();
                optimizer.step();
                return new Dictionary<string, double> { ["loss"] = loss.item<float>(), ["custom"] = 1 };
            },
            evaluate: batch => new Dictionary<string, double> { ["accuracy"] = Metrics.Accuracy(model.call(batch.Input), batch.Target) },
            modules: [model],
            options: new TrainerOptions { Observers = [recorder] });

        var history = trainer.Fit(TinyProblem.Loader(data), TinyProblem.Loader(data, 64, false), epochs: 6);

        var loss = history.EpochSeries("loss", Split.Train);
        Assert.True(loss[^1].Value < loss[0].Value, $"loss {loss[0].Value} -> {loss[^1].Value}");
        Assert.Equal(1, history.Last("custom", Split.Train));
        Assert.True(history.Last("accuracy") >= 0.9);
        Assert.Equal(6 * 4 + 6 + 2, recorder.Calls.Count);
    }

    [Fact]
    public void Memory_stays_flat_over_30_epochs()
    {
        using var train = TinyProblem.Blobs(32, seed: 1);
        using var validation = TinyProblem.Blobs(16, seed: 2);
        var model = TinyProblem.Model(0);
        var live = new List<long>();
        var counter = new EpochCounter(live);
        var trainer = new Trainer(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), 0.05, momentum: 0.9),
            new TrainerOptions { Metrics = [Metric.Accuracy], ClipGradNorm = 1.0, Observers = [counter] });

        trainer.Fit(TinyProblem.Loader(train, 8), TinyProblem.Loader(validation, 8), epochs: 30);

        Assert.Equal(30, live.Count);
        Assert.True(live.Skip(1).All(n => n <= live[0]), $"live tensors per epoch: {string.Join(", ", live)}");
    }

    sealed class EpochCounter(List<long> live) : ITrainingObserver
    {
        public void OnEpochEnded(TrainingProgress p) => live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Bfloat16_on_cpu_is_skipped_with_a_note()
    {
        var model = TinyProblem.Model(0);
        var trainer = new Trainer(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), 0.1), new TrainerOptions { Precision = Precision.BFloat16 });
        Assert.Contains(trainer.Notes, n => n.Contains("no autocast") && n.Contains("float32"));
    }

    [Fact]
    public void Bfloat16_on_cpu_is_a_visible_warning_once_per_fit()
    {
        var model = TinyProblem.Model(0);
        var output = new StringWriter();
        var trainer = new Trainer(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), 0.1),
            new TrainerOptions { Precision = Precision.BFloat16, Warnings = output });
        var loader = TinyProblem.Loader(TinyProblem.Blobs(32, 1));

        trainer.Fit(loader, epochs: 2);
        Assert.Equal(1, Lines(output, "Trainer warning: Precision.BFloat16 was asked for, but the model is not on CUDA"));
        trainer.Fit(loader, epochs: 1);
        Assert.Equal(2, Lines(output, "Trainer warning: Precision.BFloat16 was asked for"));
    }

    [Fact]
    public void Clipping_and_precision_in_custom_step_mode_are_visible_warnings_once_per_fit()
    {
        var output = new StringWriter();
        var trainer = new Trainer(_ => new Dictionary<string, double> { ["loss"] = 1 },
            options: new TrainerOptions { ClipGradNorm = 1.0, Precision = Precision.BFloat16, Warnings = output });

        trainer.Fit(TinyProblem.Loader(TinyProblem.Blobs(32, 1)), epochs: 3);

        Assert.Equal(1, Lines(output, "Trainer warning: ClipGradNorm applies to the standard form only"));
        Assert.Equal(1, Lines(output, "Trainer warning: Precision.BFloat16 applies to the standard form only"));
    }

    [Fact]
    public void Options_that_are_honoured_give_no_warning()
    {
        var model = TinyProblem.Model(0);
        var output = new StringWriter();
        var trainer = new Trainer(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), 0.1),
            new TrainerOptions { ClipGradNorm = 1.0, Warnings = output });
        trainer.Fit(TinyProblem.Loader(TinyProblem.Blobs(32, 1)), epochs: 1);
        Assert.Equal("", output.ToString());
    }

    sealed class LastProgress : ITrainingObserver
    {
        public TrainingProgress? Ended { get; private set; }
        public void OnTrainingEnded(TrainingProgress p) => Ended = p;
    }

    [Fact]
    public void The_final_progress_line_counts_the_last_batch_not_zero()
    {
        var model = TinyProblem.Model(0);
        var last = new LastProgress();
        var trainer = new Trainer(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), 0.1), new TrainerOptions { Observers = [last] });
        var loader = TinyProblem.Loader(TinyProblem.Blobs(64, 1), batchSize: 16);   // 4 batches an epoch

        trainer.Fit(loader, epochs: 2);

        Assert.Equal((2, 4, 4), (last.Ended!.Epoch, last.Ended.Step, last.Ended.StepsPerEpoch));
        Assert.StartsWith("epoch 2/2  batch 4/4  100%  done in", NeuralNotebooks.Display.DashboardView.StatusLine(last.Ended, finished: true));
    }

    [Fact]
    public void A_cancelled_run_ends_on_the_batch_it_reached()
    {
        var model = TinyProblem.Model(0);
        var last = new LastProgress();
        using var cancel = new CancellationTokenSource();
        var stopAfterSix = new StopAfter(6, cancel);
        var trainer = new Trainer(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), 0.1), new TrainerOptions { Observers = [last, stopAfterSix] });

        trainer.Fit(TinyProblem.Loader(TinyProblem.Blobs(64, 1), batchSize: 16), epochs: 3, cancellation: cancel.Token);

        Assert.Equal((2, 2), (last.Ended!.Epoch, last.Ended.Step));
    }

    sealed class StopAfter(int steps, CancellationTokenSource cancel) : ITrainingObserver
    {
        public void OnStep(TrainingProgress p) { if (p.GlobalStep == steps) cancel.Cancel(); }
    }

    static int Lines(StringWriter output, string start) =>
        output.ToString().Split('\n').Count(l => l.StartsWith(start, StringComparison.Ordinal));
}

public class DefaultObserverTests
{
    sealed class Counter : ITrainingObserver
    {
        public List<string> Calls { get; } = [];
        public void OnTrainingStarted(TrainingProgress p) => Calls.Add("start");
        public void OnStep(TrainingProgress p) => Calls.Add("step");
        public void OnEpochEnded(TrainingProgress p) => Calls.Add("epoch");
        public void OnTrainingEnded(TrainingProgress p) => Calls.Add("end");
    }

    [Fact]
    public void Every_run_gets_a_fresh_observer_from_each_registered_default()
    {
        var created = new System.Collections.Concurrent.ConcurrentBag<Counter>();
        Func<ITrainingObserver> factory = () => { var c = new Counter(); created.Add(c); return c; };
        using var data = TinyProblem.Blobs(8, seed: 1);
        var model = TinyProblem.Model(0);
        var trainer = new Trainer(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), 0.1));
        int before;
        using (TrainingObservers.AddDefault(factory))
        {
            before = created.Count;
            trainer.Fit(TinyProblem.Loader(data, 4), epochs: 1);
            trainer.Fit(TinyProblem.Loader(data, 4), epochs: 1);
            Assert.True(created.Count >= before + 2);
            Assert.Contains(created, c => c.Calls.SequenceEqual(["start", "step", "step", "epoch", "end"]));
        }
        var afterRemoval = created.Count;
        trainer.Fit(TinyProblem.Loader(data, 4), epochs: 1);
        Assert.Equal(afterRemoval, created.Count); // removed: no more observers from it
    }
}
