using NeuralNotebooks.Practice.Progress;

namespace NeuralNotebooks.Drills;

/// <summary>One graded encounter with a card on one day of the learner's calendar.</summary>
public sealed record ReviewEvent(string Card, DateOnly Day, int Grade)
{
    /// <summary>A prediction that was close counts as a grade of 4, one that was off as 2 (remembered wrongly).</summary>
    public const int ClosePrediction = 4, OffPrediction = 2;

    /// <summary>A passed practice check counts as 4, a failed one as 1 (the learner could not produce it).</summary>
    public const int PassedPractice = 4, FailedPractice = 1;

    /// <summary>
    /// The graded events among the learner's records, one per card and day (the worst grade of that day: a card
    /// answered well in the morning and failed in a practice check at night was not known that day), oldest first.
    /// Records that say nothing about a card (hints, solutions, unknown kinds, grades outside 0–5) are skipped.
    /// </summary>
    public static IReadOnlyList<ReviewEvent> From(IEnumerable<ProgressRecord> records, TimeZoneInfo zone) =>
        records.Select(r => (Record: r, Graded: Graded(r)))
            .Where(x => x.Graded is not null)
            .Select(x => new ReviewEvent(x.Graded!.Value.Card, DayOf(x.Record.Time, zone), x.Graded!.Value.Grade))
            .GroupBy(e => (e.Card, e.Day))
            .Select(g => g.MinBy(e => e.Grade)!)
            .OrderBy(e => e.Day).ThenBy(e => ReviewCards.Order(e.Card))
            .ToArray();

    /// <summary>The day of the learner's calendar an instant falls on.</summary>
    public static DateOnly DayOf(DateTimeOffset time, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time, zone).DateTime);

    static (string Card, int Grade)? Graded(ProgressRecord r)
    {
        switch (r.Kind)
        {
            case ProgressRecord.Review when r.Grade is >= 0 and <= 5 && ReviewCards.Normalize(r.Item) is { } card:
                return (card, r.Grade.Value);
            case ProgressRecord.Prediction when r.Passed is { } close && r.Item.IndexOf('.') is > 0 and var dot && ReviewCards.Normalize(r.Item[..dot]) is { } card:
                return (card, close ? ClosePrediction : OffPrediction);
            case ProgressRecord.Attempt when r.Passed is { } passed && ReviewCards.ForExercise(r.Item) is { } card:
                return (card, passed ? PassedPractice : FailedPractice);
            default:
                return null;
        }
    }
}
