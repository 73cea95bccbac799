using NeuralNotebooks.Data;
using NeuralNotebooks.Display;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Benchmarks;

/// <summary>
/// Times training and inference steps of one <see cref="ModelSteps"/>: the bare step on a batch held in memory
/// (what the PyTorch side does too), and a whole training loop over a dataset, written by hand and through our
/// Trainer, so that the difference between the last two is what our abstractions cost.
/// </summary>
public static class StepTimer
{
    /// <summary>A hand-written step on one resident batch: zero_grad, forward, cross-entropy, backward, Adam step, in a dispose scope.</summary>
    public static (Timing Train, Timing Infer) Bare(ModelSteps m, int warmup, int iterations)
    {
        var optimizer = optim.Adam(m.Model.parameters(), lr: 1e-3);
        var train = Timing.Measure(() =>
        {
            using var scope = NewDisposeScope();
            m.Model.train();
            optimizer.zero_grad();
            m.Loss().backward();
            optimizer.step();
        }, warmup, iterations);
        var infer = Timing.Measure(() =>
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            m.Model.eval();
            m.ForwardOn(m.Inputs);
        }, warmup, iterations);
        return (train, infer);
    }

    /// <summary>The model's batch repeated once per step: the dataset both loops below train on (the caller disposes it).</summary>
    public static TensorDataset RepeatedBatch(ModelSteps m, int steps) =>
        new(m.Inputs.Append(m.Target).Select(t => t.repeat([steps, .. Enumerable.Repeat(1L, (int)t.dim() - 1)])).ToArray());

    /// <summary>
    /// The loop a user would write by hand over <paramref name="data"/>: shuffle once, then per step gather the
    /// batch rows, zero_grad, forward, loss, backward, Adam step and read the loss (any loop that reports progress
    /// does), in a dispose scope. Samples are the time from one step's start to the next's.
    /// </summary>
    public static Timing HandWrittenLoop(ModelSteps m, TensorDataset data, int warmup)
    {
        var optimizer = optim.Adam(m.Model.parameters(), lr: 1e-3);
        int batch = (int)m.Target.shape[0], inputs = m.Inputs.Length, steps = (int)(data.Count / batch);
        var order = Shuffling.Permutation(data.Count, new Random(0));
        var losses = new List<float>(steps);
        var samples = new List<double>(steps);
        m.Model.train();
        for (int step = 0; step < steps; step++)
        {
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            using (NewDisposeScope())
            {
                using var rows = tensor(order[(step * batch)..((step + 1) * batch)]);
                var columns = data.Tensors.Select(t => t.index_select(0, rows)).ToArray();
                optimizer.zero_grad();
                var loss = m.Loss(columns[..inputs], columns[inputs]);
                loss.backward();
                optimizer.step();
                losses.Add(loss.item<float>());
            }
            samples.Add(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return Timing.FromSamples(samples.Skip(warmup).ToArray());
    }

    /// <summary>
    /// The same loop through <see cref="Trainer"/> (custom-step form, so every model fits) fed by a shuffling
    /// <see cref="DataLoader"/>, with an observer that renders the dashboard at the live dashboard's rate: what a
    /// notebook pays for the loop, the loader, history and display. Redraws are rare and long, so they are
    /// reported as their share of the run's wall time rather than left to move a median.
    /// </summary>
    public static TrainerRun ThroughTrainer(ModelSteps m, TensorDataset data, int warmup)
    {
        var optimizer = optim.Adam(m.Model.parameters(), lr: 1e-3);
        int inputs = m.Inputs.Length;
        var samples = new List<double>();
        var dashboard = new DashboardRenderer();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var trainer = new Trainer(batch =>
        {
            optimizer.zero_grad();
            var loss = m.Loss(batch.Tensors.Take(inputs).ToArray(), batch.Tensors[inputs]);
            loss.backward();
            optimizer.step();
            return new Dictionary<string, double> { ["loss"] = loss.item<float>() };
        }, modules: [m.Model], options: new TrainerOptions { Observers = [dashboard, new StepClock(samples)] });
        trainer.Fit(new DataLoader(data, (int)m.Target.shape[0], shuffle: true, seed: 0), epochs: 1);
        return new(Timing.FromSamples(samples.Skip(warmup).ToArray()), dashboard.Spent.TotalMilliseconds / clock.Elapsed.TotalMilliseconds);
    }

    /// <summary>Per-step timings through the Trainer, and the share of the run's wall time spent redrawing the dashboard.</summary>
    public sealed record TrainerRun(Timing Steps, double RedrawShare);

    /// <summary>Runs both loops once on a small model, untimed, so that JIT compilation of the Trainer, loader and dashboard is not measured.</summary>
    public static void WarmUp()
    {
        using var m = ModelSteps.Build("mlp", new ModelSize(8, 0, 3));
        using var data = RepeatedBatch(m, 40);
        HandWrittenLoop(m, data, 0);
        ThroughTrainer(m, data, 0);
    }

    /// <summary>Time between consecutive steps, as the loop sees it (a dashboard redraw counts in the step it follows).</summary>
    sealed class StepClock(List<double> samples) : ITrainingObserver
    {
        long last = System.Diagnostics.Stopwatch.GetTimestamp();
        public void OnTrainingStarted(TrainingProgress p) => last = System.Diagnostics.Stopwatch.GetTimestamp();
        public void OnStep(TrainingProgress p)
        {
            var now = System.Diagnostics.Stopwatch.GetTimestamp();
            samples.Add(System.Diagnostics.Stopwatch.GetElapsedTime(last, now).TotalMilliseconds);
            last = now;
        }
    }

    /// <summary>Renders the dashboard's HTML and text as often as the live dashboard would (every 0.75 s and each epoch).</summary>
    sealed class DashboardRenderer : ITrainingObserver
    {
        readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
        TimeSpan? lastDraw;
        public TimeSpan Spent { get; private set; }
        public void OnStep(TrainingProgress p)
        {
            if (lastDraw is { } last && clock.Elapsed - last < TimeSpan.FromSeconds(0.75)) return;
            var start = clock.Elapsed;
            DashboardView.ToHtml(p, finished: false);
            DashboardView.ToText(p, finished: false);
            lastDraw = clock.Elapsed;
            Spent += lastDraw.Value - start;
        }
        public void OnEpochEnded(TrainingProgress p)
        {
            var start = clock.Elapsed;
            DashboardView.ToHtml(p, finished: false);
            Spent += clock.Elapsed - start;
        }
    }
}
