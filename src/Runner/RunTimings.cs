using System.Text.Json;

namespace NeuralNotebooks.Runner;

/// <summary>
/// Each notebook's time in the last run, kept beside the executed copies (<c>timings.json</c>), so that the next
/// run can say how long a notebook will probably take.
/// </summary>
public static class RunTimings
{
    public static string Key(string notebook) => Path.GetFullPath(notebook);

    public static Dictionary<string, double> Read(string outputRoot)
    {
        try { return JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(Path.Combine(outputRoot, "timings.json"))) ?? []; }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException) { return []; }
    }

    /// <summary>Adds this run's passing notebooks (a failed run's time says little about the next).</summary>
    public static void Write(string outputRoot, Dictionary<string, double> timings, IEnumerable<NotebookResult> results)
    {
        foreach (var r in results.Where(r => r.Passed)) timings[Key(r.Notebook)] = Math.Round(r.Elapsed.TotalSeconds, 1);
        Directory.CreateDirectory(outputRoot);
        File.WriteAllText(Path.Combine(outputRoot, "timings.json"), JsonSerializer.Serialize(timings, new JsonSerializerOptions { WriteIndented = true }));
    }
}
