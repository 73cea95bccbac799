using System.Text.Json;

namespace NeuralNotebooks.Runner;

/// <summary>
/// Each notebook's time in the last run, kept beside the executed copies, so that the next run can say how long a
/// notebook will probably take. One file per run mode (<c>timings-quick.json</c>, <c>timings-full.json</c>): a full-mode
/// run takes minutes where quick mode takes seconds, so one mode's times say nothing about the other's.
/// </summary>
public static class RunTimings
{
    public static string Key(string notebook) => Path.GetFullPath(notebook);

    /// <summary>The file for a run mode: the runner's --mode, else NEURALNOTEBOOKS_MODE, else "default" (the machine decides).</summary>
    public static string File(string outputRoot, string mode) => Path.Combine(outputRoot, $"timings-{mode}.json");

    public static Dictionary<string, double> Read(string outputRoot, string mode)
    {
        try { return JsonSerializer.Deserialize<Dictionary<string, double>>(System.IO.File.ReadAllText(File(outputRoot, mode))) ?? []; }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException) { return []; }
    }

    /// <summary>Adds this run's passing notebooks (a failed run's time says little about the next).</summary>
    public static void Write(string outputRoot, string mode, Dictionary<string, double> timings, IEnumerable<NotebookResult> results)
    {
        foreach (var r in results.Where(r => r.Passed)) timings[Key(r.Notebook)] = Math.Round(r.Elapsed.TotalSeconds, 1);
        Directory.CreateDirectory(outputRoot);
        System.IO.File.WriteAllText(File(outputRoot, mode), JsonSerializer.Serialize(timings, new JsonSerializerOptions { WriteIndented = true }));
    }
}
