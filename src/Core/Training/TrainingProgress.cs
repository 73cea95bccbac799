namespace NeuralNotebooks.Training;

/// <summary>Where a training run is, as a progress bar shows it.</summary>
public sealed record TrainingProgress(
    int Epoch,              // 1-based
    int Epochs,
    int Step,               // 1-based within the epoch
    int StepsPerEpoch,      // 0 when unknown
    long GlobalStep,
    TimeSpan Elapsed,
    double SamplesPerSecond,
    IReadOnlyDictionary<string, double> Latest,
    TrainingHistory History)
{
    /// <summary>Fraction of all steps done, 0..1 (0 when the epoch length is unknown).</summary>
    public double Fraction => StepsPerEpoch <= 0 || Epochs <= 0 ? 0
        : Math.Clamp(((Epoch - 1) * (double)StepsPerEpoch + Step) / ((double)Epochs * StepsPerEpoch), 0, 1);

    /// <summary>Estimated time left, from the pace so far; null until there is a pace.</summary>
    public TimeSpan? Eta => Fraction is > 0 and < 1 ? Elapsed * ((1 - Fraction) / Fraction) : Fraction >= 1 ? TimeSpan.Zero : null;
}

/// <summary>
/// Something that watches training: the notebook dashboard, a console logger, a test. The trainer
/// calls these on its own thread, in order; an observer must be quick and must not throw.
/// </summary>
public interface ITrainingObserver
{
    void OnTrainingStarted(TrainingProgress progress) { }
    void OnStep(TrainingProgress progress) { }
    void OnEpochEnded(TrainingProgress progress) { }
    void OnTrainingEnded(TrainingProgress progress) { }
}
