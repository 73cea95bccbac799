namespace NeuralNotebooks.Training;

/// <summary>
/// Observers every training run gets without being asked: the notebook extension registers its live
/// dashboard here when it loads, so <c>trainer.Fit(...)</c> in a notebook shows progress and curves with
/// no extra code, while plain C# programs get none unless they add one. The trainer asks each factory
/// for a fresh observer at the start of every run.
/// </summary>
public static class TrainingObservers
{
    static readonly object gate = new();
    static readonly List<Func<ITrainingObserver>> factories = [];

    /// <summary>Registers a factory; disposing the result removes it again.</summary>
    public static IDisposable AddDefault(Func<ITrainingObserver> factory)
    {
        lock (gate) factories.Add(factory);
        return new Registration(factory);
    }

    sealed class Registration(Func<ITrainingObserver> factory) : IDisposable
    {
        public void Dispose() { lock (gate) factories.Remove(factory); }
    }

    /// <summary>New observers for one run, one from each registered factory.</summary>
    public static IReadOnlyList<ITrainingObserver> CreateDefaults() { lock (gate) return factories.Select(f => f()).ToArray(); }
}
