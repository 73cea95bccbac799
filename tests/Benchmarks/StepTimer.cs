using NeuralNotebooks.Data;
using NeuralNotebooks.Display;
using NeuralNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Benchmarks;

/// <summary>Times training and inference steps of one <see cref="ModelSteps"/>: bare TorchSharp, and through our Trainer.</summary>
public static class StepTimer
{
    /// <summary>A hand-written step: zero_grad, forward, cross-entropy, backward, Adam step, all in a dispose scope.</summary>
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

    /// <summary>
    /// The same step through <see cref="Trainer"/> (custom-step form, so every model fits) fed by a
    /// <see cref="DataLoader"/> over copies of the batch, with an observer that renders the dashboard at the
    /// live dashboard's rate — what a notebook pays for the loop, the loader, metrics, history and display.
    /// </summary>
    public static Timing ThroughTrainer(ModelSteps m, int warmup, int iterations)
    {
        var optimizer = optim.Adam(m.Model.parameters(), lr: 1e-3);
        var steps = warmup + iterations;
        // The same batch, repeated once per step, served shuffled by our loader: its gathering is part of the cost.
        var columns = m.Inputs.Append(m.Target).Select(t => t.repeat([steps, .. Enumerable.Repeat(1L, (int)t.dim() - 1)])).ToArray();
        using var data = new TensorDataset(columns);   // owns the columns from here on
        int inputs = m.Inputs.Length;
        var samples = new List<double>();
        var trainer = new Trainer(batch =>
        {
            optimizer.zero_grad();
            var loss = m.Loss(batch.Tensors.Take(inputs).ToArray(), batch.Tensors[inputs]);
            loss.backward();
            optimizer.step();
            return new Dictionary<string, double> { ["loss"] = loss.item<float>() };
        }, modules: [m.Model], options: new TrainerOptions { Observers = [new DashboardRenderer(), new StepClock(samples)] });
        trainer.Fit(new DataLoader(data, (int)m.Target.shape[0], shuffle: true, seed: 0), epochs: 1);
        return Timing.FromSamples(samples.Skip(warmup).ToArray());
    }

    /// <summary>Time between consecutive steps, as the loop sees it.</summary>
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
        public void OnStep(TrainingProgress p)
        {
            if (lastDraw is { } last && clock.Elapsed - last < TimeSpan.FromSeconds(0.75)) return;
            DashboardView.ToHtml(p, finished: false);
            DashboardView.ToText(p, finished: false);
            lastDraw = clock.Elapsed;
        }
        public void OnEpochEnded(TrainingProgress p) => DashboardView.ToHtml(p, finished: false);
    }
}
