using System.Text.Json;
using System.Text.Json.Serialization;
using NeuralNotebooks.Runtime;

namespace NeuralNotebooks.Practice.Progress;

/// <summary>
/// The learner's practice history in <c>progress.json</c> of a folder (by default <c>practice/</c> of the cache
/// folder). Every write holds a lock file (so two kernels appending at once lose nothing), rereads the file, adds its
/// record and replaces the file atomically (a temporary file renamed over it). A file that cannot be read, or one
/// written by a newer format, is moved aside under a new name — never overwritten — and <see cref="Notice"/> says so.
/// </summary>
public sealed class ProgressStore(string folder)
{
    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };
    static readonly TimeSpan LockLimit = TimeSpan.FromSeconds(15);

    /// <summary>Overrides the folder of <see cref="Default"/> (the runner sets it, so notebook runs never touch a learner's progress).</summary>
    public const string EnvironmentVariable = "NEURALNOTEBOOKS_PROGRESS";

    /// <summary>The store in <c>practice/</c> of the user's cache folder, or in NEURALNOTEBOOKS_PROGRESS when set.</summary>
    public static ProgressStore Default() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } folder ? new(Path.GetFullPath(folder)) : new(CacheFolder.Private("practice"));

    public string FilePath => Path.Combine(folder, "progress.json");
    string LockPath => Path.Combine(folder, "progress.lock");

    /// <summary>What the last operation had to do to a bad file ("… moved aside to …"), or null.</summary>
    public string? Notice { get; private set; }

    public IReadOnlyList<ProgressRecord> Read()
    {
        using var held = Lock();
        return Load().Records;
    }

    public void Append(ProgressRecord record)
    {
        using var held = Lock();
        var file = Load();
        file.Records.Add(record);
        Save(file);
    }

    public ExerciseStatus Status(string item) => ExerciseStatus.From(item, Read());

    ProgressFile Load()
    {
        Notice = null;
        if (!File.Exists(FilePath)) return new(ProgressFile.CurrentFormat, []);
        string? why;
        try
        {
            var file = JsonSerializer.Deserialize<ProgressFile>(File.ReadAllText(FilePath), Json);
            if (file is { Records: not null } && file.Format == ProgressFile.CurrentFormat) return file;
            why = file is null || file.Records is null ? "corrupt"
                : file.Format > ProgressFile.CurrentFormat ? $"format-{file.Format}" : $"format-{file.Format}";
        }
        catch (JsonException) { why = "corrupt"; }
        var aside = SetAside(why);
        Notice = why == "corrupt"
            ? $"Your practice progress file could not be read; it was kept as {aside} and a new one started."
            : $"Your practice progress file was written by another version of NeuralNotebooks ({why}; this one reads format {ProgressFile.CurrentFormat}); it was kept as {aside}, not overwritten, and a new one started.";
        return new(ProgressFile.CurrentFormat, []);
    }

    string SetAside(string why)
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss");
        var target = Path.Combine(folder, $"progress.{why}-{stamp}.json");
        for (int n = 2; File.Exists(target); n++) target = Path.Combine(folder, $"progress.{why}-{stamp}-{n}.json");
        File.Move(FilePath, target);
        return target;
    }

    void Save(ProgressFile file)
    {
        var temporary = Path.Combine(folder, $"progress.{Guid.NewGuid():N}.tmp");
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, file, Json);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, FilePath, overwrite: true);   // a rename: readers see the old file or the new one, never half
    }

    /// <summary>
    /// An exclusive lock on progress.lock (an OS file lock, across processes and within one). The lock file is never
    /// deleted: deleting it would let a third writer lock a new file while the second holds the old one.
    /// </summary>
    FileStream Lock()
    {
        Directory.CreateDirectory(folder);
        var deadline = DateTime.UtcNow + LockLimit;
        while (true)
        {
            try { return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (DateTime.UtcNow < deadline) { Thread.Sleep(5); }
            catch (IOException e) { throw new InvalidOperationException($"The practice progress file is locked by another kernel for more than {LockLimit.TotalSeconds:F0} s ({LockPath}); the attempt was graded but not recorded.", e); }
        }
    }
}
