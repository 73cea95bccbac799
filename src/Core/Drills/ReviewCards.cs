using System.Text.RegularExpressions;
using NeuralNotebooks.Questions;
using NeuralNotebooks.Runtime;

namespace NeuralNotebooks.Drills;

/// <summary>
/// The 40 interview cards as the review schedule names them: "q01".."q20" (questions) and "e01".."e20" (coding
/// exercises), in bank order (all questions, then all exercises). The same ids as the cards' JSON files.
/// </summary>
public static partial class ReviewCards
{
    [GeneratedRegex(@"^([qe])0?([1-9]|1[0-9]|20)$", RegexOptions.IgnoreCase)]
    private static partial Regex IdPattern();

    public static string Id(InterviewCard card) => $"{(card.Kind == CardKind.Question ? 'q' : 'e')}{card.Number:00}";

    /// <summary>q01..q20 then e01..e20.</summary>
    public static IReadOnlyList<string> Ids { get; } =
        [.. Enumerable.Range(1, QuestionBank.Count).Select(n => $"q{n:00}"), .. Enumerable.Range(1, QuestionBank.Count).Select(n => $"e{n:00}")];

    /// <summary>The card "q06", "Q6" or "e01" names; anything else is one sentence with the nearest ids.</summary>
    public static InterviewCard Find(string? id)
    {
        var normal = Normalize(id);
        if (normal is null)
        {
            var near = SameNumber(id) ?? NearestNames.Suggestion(id ?? "", Ids);
            throw new ArgumentException($"Unknown card '{id}'. Cards are q01–q20 (questions) and e01–e20 (coding exercises).{(near.Length > 0 ? " " + near : "")}");
        }
        var number = int.Parse(normal[1..]);
        return normal[0] == 'q' ? QuestionBank.Question(number) : QuestionBank.Exercise(number);
    }

    // "x1" or "card 6": the number is right, the letter is not; the two cards with that number are the nearest.
    static string? SameNumber(string? id)
    {
        var digits = new string((id ?? "").Trim().Reverse().TakeWhile(char.IsAsciiDigit).Reverse().ToArray());
        return int.TryParse(digits, out var n) && n is >= 1 and <= QuestionBank.Count ? $"Did you mean q{n:00} or e{n:00}?" : null;
    }

    /// <summary>"q06" for "q06", "Q6", " q06 "; null when it names no card.</summary>
    public static string? Normalize(string? id)
    {
        var match = IdPattern().Match(id?.Trim() ?? "");
        return match.Success ? $"{char.ToLowerInvariant(match.Groups[1].Value[0])}{int.Parse(match.Groups[2].Value):00}" : null;
    }

    /// <summary>The card a practice exercise id ("01".."20") belongs to: "e01".</summary>
    public static string? ForExercise(string exerciseId) =>
        int.TryParse(exerciseId, out var n) && n is >= 1 and <= QuestionBank.Count && exerciseId.Length == 2 ? $"e{n:00}" : null;

    /// <summary>Position in bank order, for sorting.</summary>
    public static int Order(string id) => Positions.TryGetValue(id, out var position) ? position : int.MaxValue;

    static readonly Dictionary<string, int> Positions = Ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
}
