namespace NeuralNotebooks.Practice;

/// <summary>How one property came out. NotChecked never counts as passed.</summary>
public enum PropertyOutcome { Passed, Failed, NotChecked }

/// <summary>
/// One graded property: its name ("shapes", "values", "masks", …), the outcome, what was found (expected vs got,
/// worst difference and where), the likely cause, and a small picture of the difference when it is a matrix.
/// </summary>
public sealed record PropertyResult(string Name, PropertyOutcome Outcome, string Detail, string? Cause = null, Heatmap? Difference = null)
{
    public static PropertyResult Pass(string name, string detail) => new(name, PropertyOutcome.Passed, detail);
    public static PropertyResult Fail(string name, string detail, string? cause = null, Heatmap? difference = null) => new(name, PropertyOutcome.Failed, detail, cause, difference);
    public static PropertyResult Skip(string name, string reason) => new(name, PropertyOutcome.NotChecked, reason);
}
