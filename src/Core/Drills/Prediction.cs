namespace NeuralNotebooks.Drills;

/// <summary>Whether a prediction was right: <see cref="NoGuess"/> until the learner writes one.</summary>
public enum PredictionOutcome { NoGuess, Close, Off }

/// <summary>
/// A scored predict-then-run: what the learner guessed, what the notebook measured, whether that counts as close,
/// and why the measured value is what it is. <see cref="Id"/> is "<card>.<name>", e.g. "q06.gradient-ratio".
/// </summary>
public sealed record Prediction(string Id, string Guess, string Measured, PredictionOutcome Outcome, string Verdict, string Why)
{
    /// <summary>The interview card it belongs to ("q06"), so the review schedule can use it.</summary>
    public string Card => Id[..Id.IndexOf('.')];

    /// <summary>Set when the result could not be saved to the learner's progress (it is still shown).</summary>
    public string? NotRecorded { get; init; }

    public override string ToString() => PredictionView.ToText(this);
}
