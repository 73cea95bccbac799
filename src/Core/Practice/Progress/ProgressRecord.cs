namespace NeuralNotebooks.Practice.Progress;

/// <summary>
/// One line of the learner's history. <see cref="Kind"/> says what happened: "attempt" (graded; Passed and
/// FailedProperty), "hint" (HintNumber), "solution" (the reference was shown). Questions ("prediction", …) can be
/// added as new kinds without a format change; readers skip kinds they do not know. "prediction" (a scored
/// predict-then-run; Item is "q06.gradient-ratio", Passed is whether the guess was close) and "review" (a
/// self-graded spaced-review answer; Item is the card "q06", Grade 0–5) feed the review schedule.
/// </summary>
public sealed record ProgressRecord(string Kind, string Item, DateTimeOffset Time, bool? Passed = null, string? FailedProperty = null, int? HintNumber = null, int? Grade = null)
{
    public const string Attempt = "attempt", Hint = "hint", Solution = "solution", Prediction = "prediction", Review = "review";
}

/// <summary>The progress file: its format version and every record, oldest first.</summary>
public sealed record ProgressFile(int Format, List<ProgressRecord> Records)
{
    public const int CurrentFormat = 1;
}
