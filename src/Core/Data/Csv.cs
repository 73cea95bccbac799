using System.Globalization;

namespace NeuralNotebooks.Data;

/// <summary>
/// Numeric CSV (plain or gzipped): one example per line, comma-separated numbers in invariant
/// culture. A first line that is not numeric is taken as a header. Every row must have the same
/// number of fields.
/// </summary>
public static class Csv
{
    public static (string[]? Header, float[,] Values) ReadNumbers(string path, char separator = ',')
    {
        using var reader = new StreamReader(GzipFiles.OpenRead(path));
        return ReadNumbers(reader, path, separator);
    }

    public static (string[]? Header, float[,] Values) ReadNumbers(TextReader reader, string name, char separator = ',')
    {
        string[]? header = null;
        var rows = new List<float[]>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            var fields = line.Split(separator);
            var values = new float[fields.Length];
            var numeric = true;
            for (var i = 0; i < fields.Length && numeric; i++)
                numeric = float.TryParse(fields[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]);
            if (!numeric)
            {
                if (rows.Count == 0 && header is null) { header = fields.Select(f => f.Trim()).ToArray(); continue; }
                throw new DataFileException($"{name}, line {lineNumber}: '{Shorten(line)}' is not all numbers.");
            }
            if (rows.Count > 0 && values.Length != rows[0].Length)
                throw new DataFileException($"{name}, line {lineNumber}: {values.Length} fields, but the first row has {rows[0].Length}.");
            if (header is not null && values.Length != header.Length)
                throw new DataFileException($"{name}, line {lineNumber}: {values.Length} fields, but the header has {header.Length}.");
            rows.Add(values);
        }
        if (rows.Count == 0) throw new DataFileException($"{name} has no numeric rows.");
        var matrix = new float[rows.Count, rows[0].Length];
        for (var r = 0; r < rows.Count; r++)
            for (var c = 0; c < rows[r].Length; c++) matrix[r, c] = rows[r][c];
        return (header, matrix);
    }

    static string Shorten(string line) => line.Length <= 60 ? line : line[..57] + "...";
}
