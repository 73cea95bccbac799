namespace NeuralNotebooks.Drills;

/// <summary>
/// How near a numeric guess must be to the measured value to count as right. <see cref="Factor"/> suits quantities
/// that span orders of magnitude (a gradient ratio of 1e-5), <see cref="Within"/> quantities on a fixed scale
/// (an accuracy, a loss), <see cref="Relative"/> everything in between.
/// </summary>
public abstract record Closeness
{
    /// <summary>|guess − measured| ≤ <paramref name="absolute"/>.</summary>
    public static Closeness Within(double absolute) =>
        absolute > 0 && double.IsFinite(absolute) ? new AbsoluteCloseness(absolute) : throw new ArgumentOutOfRangeException(nameof(absolute), absolute, "Closeness.Within needs a positive, finite tolerance.");

    /// <summary>|guess − measured| ≤ <paramref name="fraction"/> · |measured|.</summary>
    public static Closeness Relative(double fraction) =>
        fraction > 0 && double.IsFinite(fraction) ? new RelativeCloseness(fraction) : throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "Closeness.Relative needs a positive, finite fraction, e.g. 0.2 for ±20 %.");

    /// <summary>Guess and measurement have the same sign and differ by at most a factor of <paramref name="factor"/> (&gt; 1).</summary>
    public static Closeness Factor(double factor) =>
        factor > 1 && double.IsFinite(factor) ? new FactorCloseness(factor) : throw new ArgumentOutOfRangeException(nameof(factor), factor, "Closeness.Factor needs a finite factor above 1, e.g. 10 for 'within ×10'.");

    public abstract bool IsClose(double guess, double measured);

    /// <summary>How far the guess is, in this closeness's own terms ("off by 0.031", "×4.2 too high").</summary>
    public abstract string Distance(double guess, double measured);

    /// <summary>The rule in words: "within ±0.05".</summary>
    public abstract string Rule { get; }
}

sealed record AbsoluteCloseness(double Absolute) : Closeness
{
    public override bool IsClose(double guess, double measured) => Math.Abs(guess - measured) <= Absolute;
    public override string Distance(double guess, double measured) => $"off by {Number.Short(Math.Abs(guess - measured))}";
    public override string Rule => $"within ±{Number.Short(Absolute)}";
}

sealed record RelativeCloseness(double Fraction) : Closeness
{
    public override bool IsClose(double guess, double measured) => Math.Abs(guess - measured) <= Fraction * Math.Abs(measured);
    public override string Distance(double guess, double measured) =>
        measured == 0 ? $"off by {Number.Short(Math.Abs(guess))}" : $"off by {Math.Abs(guess - measured) / Math.Abs(measured):P0}";
    public override string Rule => $"within ±{Fraction:P0}";
}

sealed record FactorCloseness(double Limit) : Closeness
{
    public override bool IsClose(double guess, double measured) =>
        guess != 0 && measured != 0 && Math.Sign(guess) == Math.Sign(measured) && Ratio(guess, measured) <= Limit;

    public override string Distance(double guess, double measured) =>
        guess == 0 || measured == 0 || Math.Sign(guess) != Math.Sign(measured) ? "a different sign or zero"
        : $"×{Number.Short(Ratio(guess, measured))} too {(Math.Abs(guess) > Math.Abs(measured) ? "high" : "low")}";

    public override string Rule => $"within a factor of {Number.Short(Limit)}";

    static double Ratio(double a, double b) => Math.Max(Math.Abs(a), Math.Abs(b)) / Math.Min(Math.Abs(a), Math.Abs(b));
}

/// <summary>Numbers as a person writes them: 0.25, 3.1e-05, 1 200.</summary>
static class Number
{
    public static string Short(double x) =>
        double.IsNaN(x) ? "NaN"
        : x != 0 && (Math.Abs(x) < 1e-3 || Math.Abs(x) >= 1e5) ? x.ToString("0.##e+00", System.Globalization.CultureInfo.InvariantCulture)
        : x.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}
