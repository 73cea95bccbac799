using TorchSharp;

namespace NeuralNotebooks.Training;

/// <summary>How numbers are computed during training.</summary>
public enum Precision
{
    Float32,
    /// <summary>
    /// bfloat16 by hand on CUDA: TorchSharp 0.107 has no autocast, so the model must already be
    /// bfloat16 (<c>model.to(torch.bfloat16)</c> before making the optimizer); the trainer casts
    /// floating-point inputs to bfloat16 and outputs back to float32 for the loss. On CPU it is
    /// ignored and <see cref="Trainer.Notes"/> says so.
    /// </summary>
    BFloat16,
}

/// <summary>Everything about a training run that is not the model, the loss and the optimizer.</summary>
public sealed class TrainerOptions
{
    /// <summary>Measured per step on the training batch and per epoch on training and validation data (loss always is).</summary>
    public IReadOnlyList<Metric> Metrics { get; init; } = [];

    /// <summary>Stepped after every epoch (or every step with <see cref="SchedulerPerStep"/>). ReduceLROnPlateau is stepped with the monitored validation loss.</summary>
    public torch.optim.lr_scheduler.LRScheduler? Scheduler { get; init; }
    public bool SchedulerPerStep { get; init; }

    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>Rescale gradients so their global L2 norm is at most this (after backward, before the step).</summary>
    public double? ClipGradNorm { get; init; }

    public Precision Precision { get; init; } = Precision.Float32;

    public IReadOnlyList<ITrainingObserver> Observers { get; init; } = [];

    /// <summary>
    /// Where the trainer says, once per <see cref="Trainer.Fit"/>, which options it cannot honour (a warning line each);
    /// the console when not set, which is the cell's output in a notebook.
    /// </summary>
    public TextWriter? Warnings { get; init; }
}
