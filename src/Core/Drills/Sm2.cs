namespace NeuralNotebooks.Drills;

/// <summary>
/// What the schedule knows of one card after its reviews so far: SM-2's easiness factor, the number of successful
/// reviews in a row, the last interval, and the day it is due again.
/// </summary>
public sealed record CardMemory(double EaseFactor, int Repetitions, int IntervalDays, DateOnly LastReviewed, DateOnly Due);

/// <summary>
/// SuperMemo 2 (P. A. Woźniak, "Optimization of learning", 1990; https://super-memory.com/english/ol/sm2.htm).
/// Grades 0–5. A grade of 3 or more is a success: the interval becomes 1 day, then 6 days, then the previous interval
/// × the easiness factor (the factor as it was before this review), and the repetitions count up. A grade below 3
/// starts the card over: repetitions 0, due the next day. After every review the easiness factor moves by
/// 0.1 − (5 − q)(0.08 + 0.02(5 − q)) and never drops below 1.3.
/// Two choices where the 1990 text leaves room or differs: the factor is updated after failed reviews too (as the
/// algorithm is usually stated; a card failed often comes back more often), and a fractional interval is rounded to
/// the nearest day (the 1990 text rounds up), so 5, 5, 5 gives 1, 6, 16 days. SM-2's same-day re-drill of cards graded
/// below 4 is left out: several events of one card on one day count as one review (see <see cref="ReviewSchedule"/>).
/// </summary>
public static class Sm2
{
    public const double StartEase = 2.5, MinimumEase = 1.3;
    public const int PassingGrade = 3;

    /// <summary>The card's memory after a review graded <paramref name="grade"/> on <paramref name="day"/>; <paramref name="before"/> is null for a new card.</summary>
    public static CardMemory Review(CardMemory? before, int grade, DateOnly day)
    {
        if (grade is < 0 or > 5) throw new ArgumentOutOfRangeException(nameof(grade), grade, $"A review grade is a whole number from 0 to 5; got {grade}.");
        var ease = before?.EaseFactor ?? StartEase;
        var repetitions = before?.Repetitions ?? 0;
        int interval;
        if (grade < PassingGrade)
        {
            repetitions = 0;
            interval = 1;
        }
        else
        {
            interval = repetitions switch
            {
                0 => 1,
                1 => 6,
                _ => (int)Math.Round(before!.IntervalDays * ease, MidpointRounding.AwayFromZero),
            };
            repetitions++;
        }
        return new CardMemory(NextEase(ease, grade), repetitions, interval, day, day.AddDays(interval));
    }

    /// <summary>EF' = EF + 0.1 − (5 − q)(0.08 + 0.02(5 − q)), at least 1.3.</summary>
    public static double NextEase(double ease, int grade)
    {
        var miss = 5 - grade;
        return Math.Max(MinimumEase, ease + 0.1 - miss * (0.08 + 0.02 * miss));
    }
}
