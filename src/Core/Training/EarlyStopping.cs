namespace NeuralNotebooks.Training;

/// <summary>Whether a smaller or a larger value of a metric is better.</summary>
public enum Goal { Minimize, Maximize }

/// <summary>
/// Stop when <see cref="Metric"/> (measured on the validation data, or on the training data when
/// there is none) has not improved by more than <see cref="MinDelta"/> for <see cref="Patience"/>
/// epochs. With <see cref="RestoreBest"/>, the weights of the best epoch are put back at the end.
/// </summary>
public sealed record EarlyStopping(string Metric = "loss", int Patience = 3, Goal Goal = Goal.Minimize, double MinDelta = 0, bool RestoreBest = true);
