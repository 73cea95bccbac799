namespace NeuralNotebooks.Practice;

/// <summary>How a check runs: the seed of its random shapes and inputs, and how long the learner's code may take.</summary>
public sealed record CheckOptions
{
    public int Seed { get; init; } = 0;
    /// <summary>The whole check's time limit (a check takes 0.2–3 s on a busy 2-core machine); the learner's code runs on a thread of its own.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(30);
}
