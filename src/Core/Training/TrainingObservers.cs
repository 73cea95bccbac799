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

    public static void AddDefault(Func<ITrainingObserver> factory) { lock (gate) factories.Add(factory); }
    public static void ClearDefaults() { lock (gate) factories.Clear(); }

    /// <summary>New observers for one run, one from each registered factory.</summary>
    public static IReadOnlyList<ITrainingObserver> CreateDefaults() { lock (gate) return factories.Select(f => f()).ToArray(); }
}
