namespace NeuralNotebooks.Training;

/// <summary>How the last training run ended.</summary>
public enum TrainingOutcome
{
    NotStarted,
    Running,
    /// <summary>Ran every epoch asked for.</summary>
    Completed,
    /// <summary>Early stopping ended it: the watched metric stopped improving.</summary>
    EarlyStopped,
    /// <summary>The CancellationToken fired; training stopped after the step in progress.</summary>
    Cancelled,
    /// <summary>A step threw; the exception went to the caller.</summary>
    Failed,
}
