using System.Globalization;

namespace NeuralNotebooks.Data.Synthetic;

/// <summary>
/// Dates as people write them → ISO 8601 (translation with attention). Generator: a uniformly random
/// day between 1950-01-01 and 2049-12-31 (from <c>new Random(seed)</c>) is written in one of
/// <see cref="Formats"/>, chosen uniformly, in English (month names full or abbreviated, upper,
/// lower or title case, ordinal or plain day); the target is the same day as <c>yyyy-MM-dd</c>.
/// Every format is unambiguous (no numeric day/month order, no two-digit years), so a perfect model
/// exists. Tokens are characters.
/// </summary>
public static class HumanDates
{
    public static readonly IReadOnlyList<string> Formats =
    [
        "d MMMM yyyy", "MMMM d, yyyy", "dddd, d MMMM yyyy", "d MMM yyyy", "MMM d yyyy", "ddd d MMM yyyy",
        "{ordinal} 'of' MMMM yyyy", "MMMM {ordinal}, yyyy", "yyyy.MM.dd", "yyyy/MM/dd", "dd-MMM-yyyy", "d.MMMM.yyyy",
    ];

    public static SequencePairs Generate(int count, int seed)
    {
        var random = new Random(seed);
        var first = new DateTime(1950, 1, 1);
        var days = (new DateTime(2049, 12, 31) - first).Days + 1;
        var pairs = new (string, string)[count];
        for (var i = 0; i < count; i++)
        {
            var date = first.AddDays(random.Next(days));
            pairs[i] = (Write(date, Formats[random.Next(Formats.Count)], random), date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        return SequencePairs.Create(pairs, SequencePairs.Characters, $"synthetic human-written dates → ISO (seed {seed}, {count} pairs)");
    }

    /// <summary>One date in one format, with random casing of the words.</summary>
    public static string Write(DateTime date, string format, Random random)
    {
        var text = date.ToString(format.Replace("{ordinal}", "'{ordinal}'"), CultureInfo.InvariantCulture).Replace("{ordinal}", Ordinal(date.Day));
        return random.Next(3) switch
        {
            0 => text.ToLowerInvariant(),
            1 => text.ToUpperInvariant(),
            _ => text,
        };
    }

    static string Ordinal(int day) => day + (day % 100 is 11 or 12 or 13 ? "th" : (day % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });
}
