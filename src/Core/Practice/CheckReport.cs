namespace NeuralNotebooks.Practice;

/// <summary>Why a check could not grade the properties at all.</summary>
public enum CheckProblem { None, NotWritten, LearnerError, TimedOut }

/// <summary>
/// The result of <see cref="Practice.Check(string, Delegate[], CheckOptions?)"/>: every property graded, or the
/// reason none could be (not written yet, the learner's code threw, it ran out of time). Passed only when every
/// property passed; a property not checked does not count as passed.
/// </summary>
public sealed record CheckReport(PracticeExercise Exercise, IReadOnlyList<PropertyResult> Properties, CheckProblem Problem = CheckProblem.None, string? ProblemMessage = null)
{
    public bool Passed => Problem == CheckProblem.None && Properties.Count > 0 && Properties.All(p => p.Outcome == PropertyOutcome.Passed);

    /// <summary>The first property that failed, or the problem's kind ("not written", "error", "timeout").</summary>
    public string? FailedProperty => Problem switch
    {
        CheckProblem.NotWritten => "not written",
        CheckProblem.LearnerError => "error",
        CheckProblem.TimedOut => "timeout",
        _ => Properties.FirstOrDefault(p => p.Outcome != PropertyOutcome.Passed)?.Name,
    };

    /// <summary>One sentence: passed, or what failed first. Starts with "Practice NN passed" or "Practice NN not passed".</summary>
    public string Summary
    {
        get
        {
            var head = $"Practice {Exercise.Id} ({Exercise.Title})";
            if (Passed) return $"{head} passed: {string.Join(", ", Properties.Select(p => p.Name))}.";
            if (Problem != CheckProblem.None) return $"{head} not passed: {ProblemMessage}";
            var first = Properties.First(p => p.Outcome != PropertyOutcome.Passed);
            var cause = first.Cause is null ? "" : $" Likely cause: {first.Cause}";
            return $"{head} not passed: {first.Name} — {first.Detail}{cause}";
        }
    }

    public override string ToString() => CheckReportView.ToText(this);
}
