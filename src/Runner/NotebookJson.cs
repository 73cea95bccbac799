using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NeuralNotebooks.Runner;

/// <summary>
/// Reads and writes a stored .ipynb as JSON, byte for byte as eng/notebook.py and eng/sync-code.py write it
/// (Python's <c>json.dump(nb, ensure_ascii=False, indent=1)</c> plus a final newline), so a sync that changes one
/// cell changes one cell in the diff.
/// </summary>
public static class NotebookJson
{
    public static JsonObject Read(string path)
    {
        try { return JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new RunnerException($"{path} is empty, not a notebook."); }
        catch (JsonException e) { throw new RunnerException($"{path} is not valid notebook JSON ({e.Message})."); }
    }

    public static void Write(string path, JsonObject notebook) => File.WriteAllText(path, ToText(notebook), new UTF8Encoding(false));

    public static string ToText(JsonNode notebook)
    {
        var text = new StringBuilder();
        WriteNode(text, notebook, 0);
        return text.Append('\n').ToString();
    }

    /// <summary>A cell's source as one string, whether stored as a list of lines or a single string.</summary>
    public static string Source(JsonNode cell) => cell["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
        JsonValue value => value.GetValue<string>(),
        _ => "",
    };

    /// <summary>A source as nbformat stores it: lines keeping their "\n", the last one without.</summary>
    public static JsonArray Lines(string source)
    {
        var lines = source.Split('\n');
        return new JsonArray(lines.Select((l, i) => (JsonNode?)JsonValue.Create(i < lines.Length - 1 ? l + "\n" : l)).Where((_, i) => i < lines.Length - 1 || lines[^1].Length > 0).ToArray());
    }

    static void WriteNode(StringBuilder text, JsonNode? node, int depth)
    {
        switch (node)
        {
            case null: text.Append("null"); break;
            case JsonObject obj when obj.Count == 0: text.Append("{}"); break;
            case JsonArray array when array.Count == 0: text.Append("[]"); break;
            case JsonObject obj:
                text.Append("{\n");
                int i = 0;
                foreach (var (key, value) in obj)
                {
                    Indent(text, depth + 1); String(text, key); text.Append(": "); WriteNode(text, value, depth + 1);
                    text.Append(++i < obj.Count ? ",\n" : "\n");
                }
                Indent(text, depth); text.Append('}');
                break;
            case JsonArray array:
                text.Append("[\n");
                for (int j = 0; j < array.Count; j++)
                {
                    Indent(text, depth + 1); WriteNode(text, array[j], depth + 1);
                    text.Append(j + 1 < array.Count ? ",\n" : "\n");
                }
                Indent(text, depth); text.Append(']');
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String: String(text, value.GetValue<string>()); break;
            default: text.Append(node.ToJsonString()); break;
        }
    }

    static void Indent(StringBuilder text, int depth) => text.Append(' ', depth);

    // Python escapes only the quote, the backslash and control characters; everything else is written as it is.
    static void String(StringBuilder text, string s)
    {
        text.Append('"');
        foreach (var c in s)
        {
            text.Append(c switch
            {
                '"' => "\\\"", '\\' => "\\\\", '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", '\b' => "\\b", '\f' => "\\f",
                < ' ' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        text.Append('"');
    }
}
