namespace NeuralNotebooks.Runtime;

/// <summary>For a typo in a magic command's argument: the few allowed names nearest to what was typed.</summary>
public static class NearestNames
{
    /// <summary>Up to <paramref name="count"/> names, nearest first: those containing the text, then by edit distance.</summary>
    public static IReadOnlyList<string> Find(string typed, IEnumerable<string> allowed, int count = 3)
    {
        var t = typed.Trim().ToLowerInvariant();
        return allowed
            .Select(a => (Name: a, Contains: a.Contains(t, StringComparison.OrdinalIgnoreCase) || (t.Length > 0 && t.Contains(a, StringComparison.OrdinalIgnoreCase)), Distance: Distance(t, a.ToLowerInvariant())))
            .Where(x => x.Contains || x.Distance <= Math.Max(2, x.Name.Length / 2))
            .OrderBy(x => x.Contains ? 0 : 1).ThenBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal)
            .Take(count).Select(x => x.Name).ToArray();
    }

    /// <summary>"Did you mean a, b or c?" or an empty string when nothing is near.</summary>
    public static string Suggestion(string typed, IEnumerable<string> allowed)
    {
        var near = Find(typed, allowed);
        return near.Count switch
        {
            0 => "",
            1 => $"Did you mean {near[0]}?",
            _ => $"Did you mean {string.Join(", ", near.Take(near.Count - 1))} or {near[^1]}?",
        };
    }

    static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
