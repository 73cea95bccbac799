using System.Text;

namespace NeuralNotebooks.Data;

/// <summary>UTF-8 text corpora. The fortune format: entries separated by lines holding only <c>%</c>.</summary>
public static class TextCorpus
{
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>All text of a UTF-8 file; invalid UTF-8 is a clear error, not replacement characters.</summary>
    public static string ReadText(string path)
    {
        var bytes = GzipFiles.ReadAllBytes(path);
        try { return StrictUtf8.GetString(bytes).TrimStart('\uFEFF'); }
        catch (DecoderFallbackException e) { throw new DataFileException($"{path} is not valid UTF-8 (at byte {e.Index}).", e); }
    }

    /// <summary>The entries of a fortune file, each trimmed, empty ones dropped.</summary>
    public static IReadOnlyList<string> ReadFortunes(string path) => SplitFortunes(ReadText(path));

    public static IReadOnlyList<string> SplitFortunes(string text)
    {
        var entries = new List<string>();
        var current = new StringBuilder();
        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
        {
            if (line.TrimEnd() == "%") { Flush(); continue; }
            current.Append(line).Append('\n');
        }
        Flush();
        return entries;

        void Flush()
        {
            var entry = current.ToString().Trim();
            if (entry.Length > 0) entries.Add(entry);
            current.Clear();
        }
    }

    /// <summary>Removes ANSI terminal colour codes (fortune files colour titles with ESC[...m).</summary>
    public static string StripAnsi(string text) => System.Text.RegularExpressions.Regex.Replace(text, "\u001b\\[[0-9;]*m", "");
}
