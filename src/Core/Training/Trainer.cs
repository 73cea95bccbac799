using System.Diagnostics;
using NeuralNotebooks.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Training;

/// <summary>One training step on a batch: does its own forward, backward and optimizer work and returns what it measured (e.g. "loss").</summary>
public delegate IReadOnlyDictionary<string, double> TrainStep(Batch batch);

/// <summary>Measures a validation batch (the trainer has already turned gradients off and modules to eval mode).</summary>
public delegate IReadOnlyDictionary<string, double> EvaluateStep(Batch batch);

/// <summary>
/// The training loop every notebook uses: epochs over a <see cref="DataLoader"/>, every step inside
/// its own dispose scope (memory stays flat), per-step and per-epoch metrics into
/// <see cref="History"/>, observers told of every step, optional validation, scheduler, early
/// stopping, gradient clipping, checkpoints and cancellation (stops after the step in progress).
/// <code>
/// var trainer = new Trainer(model, nn.CrossEntropyLoss(), optim.Adam(model.parameters(), lr: 1e-3),
///     new TrainerOptions { Metrics = [Metric.Accuracy] });
/// var history = trainer.Fit(new DataLoader(split.Train, 64, shuffle: true), new DataLoader(split.Validation, 256), epochs: 5);
/// Console.WriteLine($"validation accuracy {history.Last("accuracy"):P1}");
/// </code>
/// For models that are not one forward and one loss (GANs, seq2seq with teacher forcing, hand-written
/// backward), pass your own <see cref="TrainStep"/> and <see cref="EvaluateStep"/>:
/// <code>
/// var trainer = new Trainer(batch => { /* zero_grad, forward, backward, step(s) */ return new Dictionary&lt;string, double&gt; { ["loss"] = l }; },
///     evaluate: batch => new Dictionary&lt;string, double&gt; { ["loss"] = ... }, modules: [generator, discriminator]);
/// trainer.Fit(loader, epochs: 10);
/// </code>
/// After <see cref="Fit"/> the modules are in eval mode.
/// </summary>
public sealed class Trainer
{
    static readonly IReadOnlyDictionary<string, double> Nothing = new Dictionary<string, double>();

    readonly TrainStep trainStep;
    readonly EvaluateStep? evaluateStep;
    readonly IReadOnlyList<nn.Module> modules;
    readonly Func<Tensor, Tensor, Tensor>? loss;
    readonly List<string> notes = [];
    readonly List<string> ignoredOptions = [];   // also in notes; repeated as a warning at every Fit
    bool bfloat16;
    bool deviceChecked;
    int completedEpochs;
    int reachedEpoch, reachedStep;   // where the last step left off: what the final progress line shows
    long globalStep;
    TimeSpan elapsedBefore;
    IReadOnlyList<ITrainingObserver> runObservers = [];

    /// <summary>The standard form: <paramref name="model"/>(input) → output, <paramref name="loss"/>(output, target), backward, optimizer step.</summary>
    public Trainer(nn.Module<Tensor, Tensor> model, Func<Tensor, Tensor, Tensor> loss, optim.Optimizer optimizer, TrainerOptions? options = null)
    {
        Model = model;
        Optimizer = optimizer;
        this.loss = loss;
        Options = options ?? new TrainerOptions();
        modules = [model];
        trainStep = StandardStep;
        evaluateStep = StandardEvaluation;
        Observers = [.. Options.Observers];
        ChoosePrecision();
    }

    /// <summary>The standard form with a TorchSharp loss module such as <c>nn.CrossEntropyLoss()</c>.</summary>
    public Trainer(nn.Module<Tensor, Tensor> model, nn.Module<Tensor, Tensor, Tensor> loss, optim.Optimizer optimizer, TrainerOptions? options = null)
        : this(model, loss.call, optimizer, options) { }

    /// <summary>
    /// The custom form: <paramref name="step"/> does all the work of one batch; <paramref name="evaluate"/>
    /// (optional) measures validation batches. <paramref name="modules"/> are switched between train and
    /// eval mode and are what early stopping restores and checkpoints save.
    /// </summary>
    public Trainer(TrainStep step, EvaluateStep? evaluate = null, IEnumerable<nn.Module>? modules = null, TrainerOptions? options = null)
    {
        trainStep = step;
        evaluateStep = evaluate;
        this.modules = modules?.ToArray() ?? [];
        Options = options ?? new TrainerOptions();
        Observers = [.. Options.Observers];
        if (Options.Precision == Precision.BFloat16)
            Ignore("Precision.BFloat16 applies to the standard form only; a custom step casts its own tensors.");
        if (Options.ClipGradNorm is not null)
            Ignore("ClipGradNorm applies to the standard form only; a custom step clips its own gradients.");
    }

    public nn.Module<Tensor, Tensor>? Model { get; }
    public optim.Optimizer? Optimizer { get; }
    public TrainerOptions Options { get; }

    /// <summary>Everything measured so far; further <see cref="Fit"/> calls continue it.</summary>
    public TrainingHistory History { get; } = new();

    /// <summary>
    /// Told of training start, every step, every epoch and the end, in that order, on the training thread;
    /// each run also gets fresh observers from <see cref="TrainingObservers.CreateDefaults"/> (the notebook dashboard), after these.
    /// </summary>
    public List<ITrainingObserver> Observers { get; }

    /// <summary>Things the trainer decided that a user should know (e.g. a precision request ignored on CPU).</summary>
    public IReadOnlyList<string> Notes => notes;

    /// <summary>Trains for <paramref name="epochs"/> more epochs; returns <see cref="History"/>, whose <c>Outcome</c> says how it ended.</summary>
    public TrainingHistory Fit(DataLoader train, DataLoader? validation = null, int epochs = 1, CancellationToken cancellation = default)
    {
        if (epochs < 1) throw new ArgumentException($"epochs must be at least 1, got {epochs}.");
        var clock = Stopwatch.StartNew();
        TimeSpan Elapsed() => elapsedBefore + clock.Elapsed;
        var lastEpoch = completedEpochs + epochs;
        var stopper = new EarlyStopper(Options.EarlyStopping, modules);
        runObservers = [.. Observers, .. TrainingObservers.CreateDefaults()];
        // An option silently not applied would look like it did nothing: say so where the user is looking, every run.
        foreach (var ignored in ignoredOptions) (Options.Warnings ?? Console.Out).WriteLine($"Trainer warning: {ignored}");
        (reachedEpoch, reachedStep) = (completedEpochs, completedEpochs > 0 ? train.Count : 0);
        History.Outcome = TrainingOutcome.Running;
        Notify(o => o.OnTrainingStarted(Progress(completedEpochs + 1, lastEpoch, 0, train.Count, Elapsed(), 0, Nothing)));
        try
        {
            var outcome = TrainingOutcome.Completed;
            while (completedEpochs < lastEpoch)
            {
                var epoch = completedEpochs + 1;
                var trainMetrics = TrainEpoch(train, epoch, lastEpoch, cancellation, Elapsed);
                var validationMetrics = trainMetrics is null || validation is null ? Nothing : Evaluate(validation, cancellation);
                if (trainMetrics is null || validationMetrics is null) { outcome = TrainingOutcome.Cancelled; break; }

                completedEpochs++;
                History.AddEpoch(new EpochRecord(epoch, Elapsed(), trainMetrics, validationMetrics));
                var watched = validation is null ? trainMetrics : validationMetrics;
                StepSchedulerAfterEpoch(watched);
                Notify(o => o.OnEpochEnded(Progress(epoch, lastEpoch, train.Count, train.Count, Elapsed(), 0, watched)));
                if (stopper.ShouldStop(watched)) { outcome = TrainingOutcome.EarlyStopped; break; }
            }
            if (outcome != TrainingOutcome.Cancelled) stopper.RestoreBest();
            History.Outcome = outcome;
        }
        catch
        {
            History.Outcome = TrainingOutcome.Failed;
            throw;
        }
        finally
        {
            stopper.Dispose();
            SetTraining(false);
            elapsedBefore += clock.Elapsed;
            Notify(o => o.OnTrainingEnded(Progress(reachedEpoch, lastEpoch, reachedStep, train.Count, elapsedBefore, 0, Nothing)));
        }
        return History;
    }

    /// <summary>Sample-weighted means of the evaluation metrics over <paramref name="data"/>, without gradients, modules in eval mode.</summary>
    public IReadOnlyDictionary<string, double> Evaluate(DataLoader data) =>
        Evaluate(data, CancellationToken.None) ?? Nothing;

    /// <summary>Saves the modules' weights and (in the standard form) the optimizer's state to one file.</summary>
    public void SaveCheckpoint(string path) => Checkpoint.Save(path, modules, Optimizer);

    /// <summary>Loads what <see cref="SaveCheckpoint"/> wrote into this trainer's modules and optimizer.</summary>
    public void LoadCheckpoint(string path) => Checkpoint.Load(path, modules, Optimizer);

    // Returns null when cancelled before the epoch's last step was taken.
    IReadOnlyDictionary<string, double>? TrainEpoch(DataLoader train, int epoch, int lastEpoch, CancellationToken cancellation, Func<TimeSpan> elapsed)
    {
        SetTraining(true);
        var means = new WeightedMeans();
        using var batches = train.GetEnumerator();
        for (var step = 1; ; step++)
        {
            if (cancellation.IsCancellationRequested) return null;
            var learningRate = LearningRate;
            var watch = Stopwatch.StartNew();
            IReadOnlyDictionary<string, double> measured;
            int size;
            using (NewDisposeScope())
            {
                if (!batches.MoveNext()) break;
                size = batches.Current.Size;
                measured = trainStep(batches.Current);
            }
            if (Options.SchedulerPerStep) Options.Scheduler?.step();
            var samplesPerSecond = size / Math.Max(watch.Elapsed.TotalSeconds, 1e-9);
            globalStep++;
            means.Add(measured, size);

            var record = new Dictionary<string, double>(measured);
            if (learningRate is double lr) record.TryAdd("lr", lr);
            record["samples_per_second"] = samplesPerSecond;
            History.AddStep(new StepRecord(globalStep, epoch, elapsed(), record));
            (reachedEpoch, reachedStep) = (epoch, step);
            Notify(o => o.OnStep(Progress(epoch, lastEpoch, step, train.Count, elapsed(), samplesPerSecond, record)));
        }
        return means.Means();
    }

    // Returns null when cancelled part-way.
    IReadOnlyDictionary<string, double>? Evaluate(DataLoader data, CancellationToken cancellation)
    {
        if (evaluateStep is null) return Nothing;
        SetTraining(false);
        using var noGrad = no_grad();
        var means = new WeightedMeans();
        using var batches = data.GetEnumerator();
        while (true)
        {
            if (cancellation.IsCancellationRequested) return null;
            using var scope = NewDisposeScope();
            if (!batches.MoveNext()) break;
            means.Add(evaluateStep(batches.Current), batches.Current.Size);
        }
        return means.Means();
    }

    IReadOnlyDictionary<string, double> StandardStep(Batch batch)
    {
        var (input, target) = Prepare(batch);
        Optimizer!.zero_grad();
        var output = Model!.call(input);
        var lossValue = loss!(AsFloat32(output), target);
        lossValue.backward();
        if (Options.ClipGradNorm is double maxNorm) nn.utils.clip_grad_norm_(Model.parameters(), maxNorm);
        Optimizer.step();
        return Measure(lossValue, output, target);
    }

    IReadOnlyDictionary<string, double> StandardEvaluation(Batch batch)
    {
        var (input, target) = Prepare(batch);
        var output = Model!.call(input);
        return Measure(loss!(AsFloat32(output), target), output, target);
    }

    IReadOnlyDictionary<string, double> Measure(Tensor lossValue, Tensor output, Tensor target)
    {
        var result = new Dictionary<string, double> { ["loss"] = lossValue.detach().to_type(float64).item<double>() };
        if (double.IsNaN(result["loss"]))
            throw new InvalidOperationException($"The loss became NaN at step {globalStep + 1}. Lower the learning rate, clip gradients (TrainerOptions.ClipGradNorm), or check the inputs for NaN.");
        var detached = output.detach();
        foreach (var metric in Options.Metrics) result[metric.Name] = metric.Compute(detached, target);
        return result;
    }

    (Tensor Input, Tensor Target) Prepare(Batch batch)
    {
        var input = batch.Input;
        if (!deviceChecked)
        {
            var parameter = Model!.parameters().FirstOrDefault();
            if (parameter is not null && parameter.device.ToString() != input.device.ToString())
                throw new InvalidOperationException(
                    $"The model's parameters are on {parameter.device} but the batch is on {input.device}. " +
                    "Move the model with model.to(device), or make the DataLoader with device: the model's device.");
            deviceChecked = true;
        }
        if (bfloat16 && input.is_floating_point()) input = input.to_type(ScalarType.BFloat16);
        return (input, batch.Target);
    }

    Tensor AsFloat32(Tensor output) => bfloat16 ? output.to_type(float32) : output;

    void ChoosePrecision()
    {
        if (Options.Precision != Precision.BFloat16) return;
        var parameter = Model!.parameters().FirstOrDefault();
        if (parameter is null || parameter.device.type != DeviceType.CUDA)
        {
            Ignore("Precision.BFloat16 was asked for, but the model is not on CUDA: TorchSharp 0.107 has no autocast and CPU bfloat16 is slow, so training runs in float32.");
            return;
        }
        if (parameter.dtype != ScalarType.BFloat16)
            throw new ArgumentException(
                $"Precision.BFloat16 needs a bfloat16 model (TorchSharp 0.107 has no autocast): call model.to(torch.bfloat16) before making the optimizer. The model's parameters are {parameter.dtype}.");
        bfloat16 = true;
        notes.Add("Training in bfloat16 on CUDA (by hand: bfloat16 weights and inputs, float32 loss).");
    }

    void Ignore(string why)
    {
        notes.Add(why);
        ignoredOptions.Add(why);
    }

    double? LearningRate => Optimizer?.ParamGroups.FirstOrDefault()?.LearningRate;

    void StepSchedulerAfterEpoch(IReadOnlyDictionary<string, double> watched)
    {
        if (Options.Scheduler is not { } scheduler || Options.SchedulerPerStep) return;
        if (scheduler is optim.lr_scheduler.impl.ReduceLROnPlateau)
        {
            if (!watched.TryGetValue("loss", out var value))
                throw new InvalidOperationException("ReduceLROnPlateau watches the loss, but this epoch measured none.");
            scheduler.step(value, null);
        }
        else scheduler.step();
    }

    void SetTraining(bool training)
    {
        foreach (var module in modules) module.train(training);
    }

    TrainingProgress Progress(int epoch, int epochs, int step, int stepsPerEpoch, TimeSpan elapsed, double samplesPerSecond, IReadOnlyDictionary<string, double> latest) =>
        new(epoch, epochs, step, stepsPerEpoch, globalStep, elapsed, samplesPerSecond, latest, History);

    void Notify(Action<ITrainingObserver> call)
    {
        foreach (var observer in runObservers) call(observer);
    }
}
