namespace NeuralNotebooks.Practice.Progress;

public enum PracticeState { NotTried, Failing, Passed, PassedAfterSolution }

/// <summary>Where a learner stands on one exercise, read off its records.</summary>
public sealed record ExerciseStatus(string Item, PracticeState State, int Attempts, int HintsShown, bool SolutionShown, DateTimeOffset? FirstTried, DateTimeOffset? LastTried, DateTimeOffset? PassedAt)
{
    /// <summary>Passed when an attempt passed; "after solution" when the first pass came after the reference was shown.</summary>
    public static ExerciseStatus From(string item, IEnumerable<ProgressRecord> records)
    {
        var mine = records.Where(r => r.Item == item).OrderBy(r => r.Time).ToList();
        var attempts = mine.Where(r => r.Kind == ProgressRecord.Attempt).ToList();
        var firstPass = attempts.FirstOrDefault(r => r.Passed == true);
        var solution = mine.FirstOrDefault(r => r.Kind == ProgressRecord.Solution);
        var state = attempts.Count == 0 ? PracticeState.NotTried
            : firstPass is null ? PracticeState.Failing
            : solution is not null && solution.Time <= firstPass.Time ? PracticeState.PassedAfterSolution
            : PracticeState.Passed;
        return new(item, state, attempts.Count, mine.Count(r => r.Kind == ProgressRecord.Hint), solution is not null,
            attempts.FirstOrDefault()?.Time, attempts.LastOrDefault()?.Time, firstPass?.Time);
    }

    public string StateText => State switch
    {
        PracticeState.NotTried => "not tried",
        PracticeState.Failing => "failing",
        PracticeState.Passed => "passed",
        _ => "passed after solution",
    };
}
