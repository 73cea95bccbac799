using NeuralNotebooks.Training;

namespace NeuralNotebooks.Training;

/// <summary>A training observer that runs an action after every epoch (e.g. draw a fixed-noise sample grid).</summary>
public sealed class EpochEndAction(Action<int> action) : ITrainingObserver
{
    public void OnEpochEnded(TrainingProgress progress) => action(progress.Epoch);
}
