namespace NeuralNotebooks.Training;

/// <summary>Which data a metric was measured on.</summary>
public enum Split { Train, Validation }

/// <summary>Metrics recorded after one optimisation step (loss, learning rate, samples/s, ...).</summary>
public sealed record StepRecord(long Step, int Epoch, TimeSpan Elapsed, IReadOnlyDictionary<string, double> Metrics);

/// <summary>Metrics of one finished epoch, on the training data and (when there is one) the validation data.</summary>
public sealed record EpochRecord(int Epoch, TimeSpan Elapsed, IReadOnlyDictionary<string, double> Train, IReadOnlyDictionary<string, double> Validation);

/// <summary>
/// Everything a training run measured, per step and per epoch. The trainer fills it; the notebook
/// dashboard and plain C# code read it. Safe to read from another thread while training runs.
/// </summary>
public sealed class TrainingHistory
{
    readonly object gate = new();
    readonly List<StepRecord> steps = [];
    readonly List<EpochRecord> epochs = [];

    /// <summary>How the last run that filled this history ended (set by the trainer).</summary>
    public TrainingOutcome Outcome { get; set; } = TrainingOutcome.NotStarted;

    public IReadOnlyList<StepRecord> Steps { get { lock (gate) return steps.ToArray(); } }
    public IReadOnlyList<EpochRecord> Epochs { get { lock (gate) return epochs.ToArray(); } }

    public void AddStep(StepRecord record) { lock (gate) steps.Add(record); }
    public void AddEpoch(EpochRecord record) { lock (gate) epochs.Add(record); }

    /// <summary>Every metric name seen in any epoch, train or validation, in first-seen order.</summary>
    public IReadOnlyList<string> EpochMetricNames
    {
        get
        {
            lock (gate)
                return epochs.SelectMany(e => e.Train.Keys.Concat(e.Validation.Keys)).Distinct().ToArray();
        }
    }

    /// <summary>Every metric name seen in any step, in first-seen order.</summary>
    public IReadOnlyList<string> StepMetricNames
    {
        get { lock (gate) return steps.SelectMany(s => s.Metrics.Keys).Distinct().ToArray(); }
    }

    /// <summary>One metric per epoch: (epoch, value) for the epochs that measured it.</summary>
    public IReadOnlyList<(int Epoch, double Value)> EpochSeries(string metric, Split split)
    {
        lock (gate)
            return epochs
                .Select(e => (e.Epoch, Values: split == Split.Train ? e.Train : e.Validation))
                .Where(e => e.Values.ContainsKey(metric))
                .Select(e => (e.Epoch, e.Values[metric]))
                .ToArray();
    }

    /// <summary>One metric per step: (global step, value).</summary>
    public IReadOnlyList<(long Step, double Value)> StepSeries(string metric)
    {
        lock (gate)
            return steps.Where(s => s.Metrics.ContainsKey(metric)).Select(s => (s.Step, s.Metrics[metric])).ToArray();
    }

    /// <summary>The last epoch's value of a metric, or null when it was never measured.</summary>
    public double? Last(string metric, Split split = Split.Validation) =>
        EpochSeries(metric, split) is { Count: > 0 } series ? series[^1].Value : null;
}
