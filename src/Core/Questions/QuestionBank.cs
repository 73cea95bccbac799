using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeuralNotebooks.Questions;

/// <summary>The 20 concept questions and 20 coding exercises, read once from the embedded Cards/*.json (q01..q20, e01..e20).</summary>
public static class QuestionBank
{
    public const int Count = 20;

    static readonly Lazy<IReadOnlyList<InterviewCard>> cards = new(Load);

    public static IReadOnlyList<InterviewCard> Questions => cards.Value.Where(c => c.Kind == CardKind.Question).ToArray();
    public static IReadOnlyList<InterviewCard> Exercises => cards.Value.Where(c => c.Kind == CardKind.Exercise).ToArray();
    public static IReadOnlyList<InterviewCard> All => cards.Value;

    public static InterviewCard Question(int number) => Find(CardKind.Question, number);
    public static InterviewCard Exercise(int number) => Find(CardKind.Exercise, number);

    /// <summary>Every topic tag used by some card, sorted.</summary>
    public static IReadOnlyList<string> Topics => cards.Value.SelectMany(c => c.Topics).Distinct().Order(StringComparer.Ordinal).ToArray();

    static InterviewCard Find(CardKind kind, int number)
    {
        if (number is < 1 or > Count)
            throw new ArgumentOutOfRangeException(nameof(number), number, $"There is no {kind.ToString().ToLowerInvariant()} {number}. Allowed: 1 to {Count}.");
        return cards.Value.Single(c => c.Kind == kind && c.Number == number);
    }

    static IReadOnlyList<InterviewCard> Load()
    {
        const string prefix = "NeuralNotebooks.Questions.Cards.";
        var assembly = Assembly.GetExecutingAssembly();
        var options = new JsonSerializerOptions { PropertyNameCaseInsensitive = true, Converters = { new JsonStringEnumConverter() } };
        var loaded = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                return JsonSerializer.Deserialize<InterviewCard>(stream, options)
                    ?? throw new InvalidOperationException($"The question bank card {n} is empty.");
            })
            .ToArray();
        if (loaded.Length != 2 * Count)
            throw new InvalidOperationException($"The question bank has {loaded.Length} cards; expected {2 * Count} (q01..q20, e01..e20).");
        return loaded;
    }
}
