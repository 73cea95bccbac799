using NeuralNotebooks.Practice.Progress;

namespace NeuralNotebooks.Drills;

/// <summary>A card to review today: its memory (null for a card never seen) and how many days it is overdue (negative: early).</summary>
public sealed record ReviewItem(string Card, CardMemory? Memory, int DaysOverdue)
{
    public bool IsNew => Memory is null;
}

/// <summary>
/// The spaced-review schedule of the 40 cards, computed by replaying the learner's progress records (reviews,
/// predictions, practice checks) through <see cref="Sm2"/> in time order. It is never stored: the progress file is
/// the one source, so it shares that file's never-lost rules and cannot disagree with it.
/// </summary>
public sealed class ReviewSchedule
{
    /// <summary>New cards introduced per day unless told otherwise.</summary>
    public const int DefaultNewPerDay = 10;

    readonly Dictionary<string, CardMemory> memories;
    readonly Dictionary<string, DateOnly> firstSeen;

    ReviewSchedule(Dictionary<string, CardMemory> memories, Dictionary<string, DateOnly> firstSeen)
    {
        this.memories = memories;
        this.firstSeen = firstSeen;
    }

    /// <summary>Replays the records; days are those of <paramref name="zone"/> (the learner's local calendar).</summary>
    public static ReviewSchedule Replay(IEnumerable<ProgressRecord> records, TimeZoneInfo zone)
    {
        var memories = new Dictionary<string, CardMemory>();
        var firstSeen = new Dictionary<string, DateOnly>();
        foreach (var e in ReviewEvent.From(records, zone))
        {
            memories[e.Card] = Sm2.Review(memories.GetValueOrDefault(e.Card), e.Grade, e.Day);
            firstSeen.TryAdd(e.Card, e.Day);
        }
        return new(memories, firstSeen);
    }

    /// <summary>The card's memory, or null when it was never reviewed.</summary>
    public CardMemory? Memory(string card) => memories.GetValueOrDefault(card);

    /// <summary>
    /// What to review on <paramref name="today"/>: cards due or overdue (most overdue first, then bank order), then
    /// new cards in bank order, as many as the daily cap leaves after the cards first seen today.
    /// </summary>
    public IReadOnlyList<ReviewItem> Due(DateOnly today, int newPerDay = DefaultNewPerDay)
    {
        if (newPerDay < 0) throw new ArgumentOutOfRangeException(nameof(newPerDay), newPerDay, "The daily cap on new cards cannot be negative.");
        var due = memories.Where(m => m.Value.Due <= today)
            .Select(m => new ReviewItem(m.Key, m.Value, today.DayNumber - m.Value.Due.DayNumber))
            .OrderByDescending(i => i.DaysOverdue).ThenBy(i => ReviewCards.Order(i.Card));
        var newToday = firstSeen.Count(f => f.Value == today);
        var fresh = ReviewCards.Ids.Where(id => !memories.ContainsKey(id))
            .Take(Math.Max(0, newPerDay - newToday))
            .Select(id => new ReviewItem(id, null, 0));
        return [.. due, .. fresh];
    }

    /// <summary>Counts and the next due dates, for <c>#!review --status</c>.</summary>
    public ReviewStatus Status(DateOnly today, int newPerDay = DefaultNewPerDay)
    {
        var queue = Due(today, newPerDay);
        var upcoming = memories.Where(m => m.Value.Due > today)
            .GroupBy(m => m.Value.Due)
            .OrderBy(g => g.Key)
            .Select(g => new UpcomingDay(g.Key, g.Select(m => m.Key).OrderBy(ReviewCards.Order).ToArray()))
            .ToArray();
        return new ReviewStatus(today, queue,
            NeverSeen: ReviewCards.Ids.Count - memories.Count,
            Learned: memories.Count(m => m.Value.Repetitions > 0 && m.Value.Due > today),
            upcoming);
    }
}

/// <summary>The cards due on one future day.</summary>
public sealed record UpcomingDay(DateOnly Day, IReadOnlyList<string> Cards);

/// <summary>
/// Where the learner stands on <see cref="Today"/>: today's queue (due cards, then today's share of new ones), how
/// many cards were never seen, how many are learned (last answered well and not due yet), and the next due days.
/// </summary>
public sealed record ReviewStatus(DateOnly Today, IReadOnlyList<ReviewItem> Queue, int NeverSeen, int Learned, IReadOnlyList<UpcomingDay> Upcoming)
{
    public int DueCount => Queue.Count(i => !i.IsNew);
    public int NewToday => Queue.Count(i => i.IsNew);
}
