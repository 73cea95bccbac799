using NeuralNotebooks.Questions;

namespace NeuralNotebooks.Display;

/// <summary>Picks the card <c>#!quiz</c> shows.</summary>
public static class Quiz
{
    /// <summary>A random card, of those tagged <paramref name="topic"/> when one is given.</summary>
    public static InterviewCard Pick(IReadOnlyList<InterviewCard> cards, string? topic, Random random)
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
                    : $"Unknown topic '{topic}'. {Near(topic!, topics)}Run #!quiz without --topic for any card, or press Tab after --topic for the {topics.Length} topics.");
        return pool[random.Next(pool.Count)];
    }

    // The nearest few topics, not the whole list (which runs to hundreds of characters).
    static string Near(string topic, IEnumerable<string> topics) =>
        NeuralNotebooks.Runtime.NearestNames.Suggestion(topic, topics) is { Length: > 0 } near ? near + " " : "";
}
