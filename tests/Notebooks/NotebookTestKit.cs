using System.Text.Json;
using NeuralNotebooks.Runner;

namespace NeuralNotebooks.Tests.Notebooks;

/// <summary>Runs notebooks with the runner engine in quick mode and reads their executed copies.</summary>
static class NotebookTestKit
{
    public static readonly RunOptions QuickMode = new()
    {
        Timeout = TimeSpan.FromMinutes(10),
        Environment = new Dictionary<string, string> { ["NEURALNOTEBOOKS_MODE"] = "quick" },
    };

    public static async Task<NotebookResult> RunAsync(string relativePath, RunOptions? options = null)
    {
        var path = Path.Combine(TestHost.RepositoryRoot, relativePath);
        Assert.True(File.Exists(path), $"missing notebook {relativePath}");
        return await NotebookRunner.RunAsync(path, options ?? QuickMode);
    }

    public static void AssertPassed(NotebookResult result) =>
        Assert.True(result.Passed, $"{result.Notebook} failed in cell {result.FailedCell}: {result.Error}");

    /// <summary>Writes a throwaway notebook of C# cells into a temporary folder.</summary>
    public static string WriteTemporary(params string[] codeCells) =>
        Write(Directory.CreateTempSubdirectory("nn-notebook-").FullName, codeCells);

    /// <summary>
    /// Writes a throwaway notebook inside this checkout (under the ignored artifacts folder), where the runner gives
    /// its kernel this build's package feed, as a notebook of the course has it: for notebooks that load the package.
    /// </summary>
    public static string WriteTemporaryInRepository(params string[] codeCells) =>
        Write(Directory.CreateDirectory(Path.Combine(TestHost.RepositoryRoot, "artifacts", "test-notebooks", Guid.NewGuid().ToString("N")[..12])).FullName, codeCells);

    static string Write(string folder, string[] codeCells)
    {
        var path = Path.Combine(folder, "scratch.ipynb");
        var cells = codeCells.Select(code => new Dictionary<string, object?>
        {
            ["cell_type"] = "code",
            ["execution_count"] = null,
            ["metadata"] = new Dictionary<string, object> { ["polyglot_notebook"] = new Dictionary<string, string> { ["kernelName"] = "csharp" } },
            ["outputs"] = Array.Empty<object>(),
            ["source"] = code,
        });
        var notebook = new Dictionary<string, object>
        {
            ["cells"] = cells,
            ["metadata"] = new Dictionary<string, object>
            {
                ["kernelspec"] = new Dictionary<string, string> { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        File.WriteAllText(path, JsonSerializer.Serialize(notebook));
        return path;
    }
}

/// <summary>Notebooks start real kernel processes: run them one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public class NotebookCollection
{
    public const string Name = "notebooks";
}
