namespace NeuralNotebooks.Display;

/// <summary>Parses a shape typed by a user, such as <c>1,3,32,32</c> or <c>[1, 3, 32, 32]</c>.</summary>
public static class InputShape
{
    /// <summary>The dimensions; empty for null or blank text.</summary>
    public static long[] Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var parts = text.Trim().Trim('[', ']', '(', ')').Split([',', 'x', ' '], StringSplitOptions.RemoveEmptyEntries);
        var dims = new long[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!long.TryParse(parts[i], out dims[i]) || dims[i] <= 0)
                throw new ArgumentException($"Malformed input shape '{text}': expected positive whole numbers separated by commas, e.g. 1,3,32,32.");
        if (dims.Length == 0)
            throw new ArgumentException($"Malformed input shape '{text}': expected positive whole numbers separated by commas, e.g. 1,3,32,32.");
        return dims;
    }
}
