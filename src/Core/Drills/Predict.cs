using System.Text.RegularExpressions;
using NeuralNotebooks.Practice.Progress;

namespace NeuralNotebooks.Drills;

/// <summary>
/// Predict-then-run: the learner writes a guess in one cell, the next cell measures and calls
/// <c>Predict.Score(id, myGuess, measured, …)</c>, which says how close the guess was and why, and records the
/// outcome in the learner's progress (a "prediction" record; a guess that was off makes its card due for review
/// sooner). A guess not written yet (NaN, null, empty) is reported as such and not recorded.
/// </summary>
public static partial class Predict
{
    [GeneratedRegex(@"^[qe](0[1-9]|1[0-9]|20)\.[a-z0-9][a-z0-9-]*$")]
    private static partial Regex IdPattern();

    /// <summary>Where results are recorded; null records nothing (plain programs and tests may set it).</summary>
    public static Func<ProgressStore?> Store { get; set; } = ProgressStore.Default;

    /// <summary>A numeric guess, close when <paramref name="closeness"/> says so.</summary>
    public static Prediction Score(string id, double guess, double measured, Closeness closeness, string why)
    {
        CheckId(id);
        ArgumentNullException.ThrowIfNull(closeness);
        var shownMeasured = Number.Short(measured);
        if (double.IsNaN(guess)) return NoGuess(id, shownMeasured, why);
        if (!double.IsFinite(measured))
            return new Prediction(id, Number.Short(guess), shownMeasured, PredictionOutcome.NoGuess,
                "The measurement is not a finite number, so the guess cannot be scored (look at the cell above).", why);
        var close = closeness.IsClose(guess, measured);
        var verdict = close
            ? $"Close: {closeness.Distance(guess, measured)} ({closeness.Rule} counts)."
            : $"Not close: {closeness.Distance(guess, measured)} (it had to be {closeness.Rule}).";
        return Record(new Prediction(id, Number.Short(guess), shownMeasured, close ? PredictionOutcome.Close : PredictionOutcome.Off, verdict, why));
    }

    /// <summary>A guess among named choices (case and surrounding spaces ignored); a guess outside them is one clear error.</summary>
    public static Prediction Score(string id, string? guess, string measured, IReadOnlyList<string> choices, string why)
    {
        CheckId(id);
        if (choices is null || choices.Count < 2) throw new ArgumentException("A choice prediction needs at least two choices.", nameof(choices));
        string? Match(string? s) => choices.FirstOrDefault(c => string.Equals(c.Trim(), s?.Trim(), StringComparison.OrdinalIgnoreCase));
        var actual = Match(measured) ?? throw new ArgumentException($"The measured answer '{measured}' is not one of the choices ({string.Join(", ", choices)}).", nameof(measured));
        if (string.IsNullOrWhiteSpace(guess)) return NoGuess(id, actual, why);
        var chosen = Match(guess)
            ?? throw new ArgumentException($"Your guess '{guess}' is not one of the choices. Allowed: {string.Join(", ", choices.Select(c => $"\"{c}\""))}.", nameof(guess));
        var right = chosen == actual;
        return Record(new Prediction(id, chosen, actual, right ? PredictionOutcome.Close : PredictionOutcome.Off,
            right ? "Right." : $"Not this time: the measurement says \"{actual}\".", why));
    }

    /// <summary>A yes/no guess (null = not guessed yet).</summary>
    public static Prediction Score(string id, bool? guess, bool measured, string why) =>
        Score(id, guess?.ToString().ToLowerInvariant(), measured.ToString().ToLowerInvariant(), ["true", "false"], why);

    static void CheckId(string id)
    {
        if (id is null || !IdPattern().IsMatch(id))
            throw new ArgumentException($"A prediction id is '<card>.<name>' with a card q01..q20 or e01..e20 and a lower-case name, e.g. \"q06.gradient-ratio\"; got \"{id}\".", nameof(id));
    }

    static Prediction NoGuess(string id, string measured, string why) =>
        new(id, "—", measured, PredictionOutcome.NoGuess, "No guess written yet: put yours in the cell above (before looking at the measurement) and run both cells again.", why);

    static Prediction Record(Prediction prediction)
    {
        ProgressStore? store;
        try { store = Store(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException) { return prediction with { NotRecorded = e.Message }; }
        if (store is null) return prediction;
        try
        {
            store.Append(new ProgressRecord(ProgressRecord.Prediction, prediction.Id, DateTimeOffset.Now, Passed: prediction.Outcome == PredictionOutcome.Close));
            return store.Notice is { } notice ? prediction with { Why = prediction.Why + " " + notice } : prediction;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return prediction with { NotRecorded = e.Message };
        }
    }
}
