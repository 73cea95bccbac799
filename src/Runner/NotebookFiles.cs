namespace NeuralNotebooks.Runner;

/// <summary>Expands the command line's files and folders into notebooks, in a stable order.</summary>
public static class NotebookFiles
{
    public static List<string> Find(IEnumerable<string> paths)
    {
        var found = new List<string>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p))
                found.AddRange(Directory.EnumerateFiles(p, "*.ipynb", SearchOption.AllDirectories)
                    .Where(f => !f.Contains(".ipynb_checkpoints"))
                    .OrderBy(f => f, StringComparer.Ordinal));
            else if (File.Exists(p) && p.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
                found.Add(p);
            else
                throw new RunnerException($"'{p}' is neither a .ipynb file nor a folder.");
        }
        return found;
    }
}
