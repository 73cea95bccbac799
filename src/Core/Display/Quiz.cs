using NeuralNotebooks.Questions;

namespace NeuralNotebooks.Display;

/// <summary>Picks the cards <c>#!quiz</c> shows: one at random, or a mock interview of several.</summary>
public static class Quiz
{
    /// <summary>A random card, of those tagged <paramref name="topic"/> when one is given.</summary>
    public static InterviewCard Pick(IReadOnlyList<InterviewCard> cards, string? topic, Random random)
    {
        var pool = Pool(cards, topic);
        return pool[random.Next(pool.Count)];
    }

    /// <summary>
    /// A mock interview: <paramref name="count"/> different cards (of the topic when one is given) in random order;
    /// a count outside 1..(cards available) is one sentence saying the range.
    /// </summary>
    public static IReadOnlyList<InterviewCard> Mock(IReadOnlyList<InterviewCard> cards, string? topic, string? count, Random random)
    {
        var pool = Pool(cards, topic);
        var of = string.IsNullOrWhiteSpace(topic) ? "" : $" on '{topic.Trim()}'";
        if (!int.TryParse(count, out var n) || n < 1 || n > pool.Count)
            throw new ArgumentException($"--count is the number of cards for a mock interview, a whole number from 1 to {pool.Count} (the cards{of}); got '{count}'.");
        // A partial Fisher–Yates shuffle: n distinct cards, reproducible from the seed.
        var order = pool.ToArray();
        for (int i = 0; i < n; i++)
        {
            var j = random.Next(i, order.Length);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order[..n];
    }

    /// <summary>Every topic with how many cards carry it, by name.</summary>
    public static IReadOnlyList<(string Topic, int Cards)> TopicCounts(IReadOnlyList<InterviewCard> cards) =>
        cards.SelectMany(c => c.Topics.Distinct()).GroupBy(t => t).Select(g => (g.Key, g.Count())).OrderBy(t => t.Key, StringComparer.Ordinal).ToArray();

    static IReadOnlyList<InterviewCard> Pool(IReadOnlyList<InterviewCard> cards, string? topic)
    {
        var topics = cards.SelectMany(c => c.Topics).Distinct().Order(StringComparer.Ordinal).ToArray();
        var pool = string.IsNullOrWhiteSpace(topic)
            ? cards
            : cards.Where(c => c.Topics.Contains(topic.Trim().ToLowerInvariant())).ToArray();
        if (pool.Count == 0)
            throw new ArgumentException(topics.Length == 0
                ? $"Unknown topic '{topic}': no card has topics yet. Run #!quiz without --topic."
                : topics.Length <= 6
                    ? $"Unknown topic '{topic}'. Allowed: {string.Join(", ", topics)}."
                    : $"Unknown topic '{topic}'. {Near(topic!, topics)}Run #!quiz --topics for all {topics.Length} topics with their card counts.");
        return pool;
    }

    // The nearest few topics, not the whole list (which runs to hundreds of characters).
    static string Near(string topic, IEnumerable<string> topics) =>
        NeuralNotebooks.Runtime.NearestNames.Suggestion(topic, topics) is { Length: > 0 } near ? near + " " : "";
}
