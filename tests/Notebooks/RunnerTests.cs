using System.Text.Json;
using NeuralNotebooks.Runner;

namespace NeuralNotebooks.Tests.Notebooks;

[Collection(NotebookCollection.Name)]
public class RunnerTests
{
    [Fact]
    public async Task It_runs_cells_in_order_and_writes_the_executed_copy()
    {
        var path = NotebookTestKit.WriteTemporary("var x = 20;", "Console.WriteLine(x + 22);", "System.IO.Directory.GetCurrentDirectory()");
        var output = Directory.CreateTempSubdirectory("nn-executed-").FullName;

        var result = await NotebookRunner.RunAsync(path, new RunOptions { OutputRoot = output });

        NotebookTestKit.AssertPassed(result);
        Assert.Equal(3, result.Cells!.Count);
        Assert.Contains("42", result.Cells[1].Text);
        Assert.Contains(Path.GetDirectoryName(path)!, result.Cells[2].Text); // the notebook's folder is the kernel's working directory
        using var executed = JsonDocument.Parse(File.ReadAllText(result.ExecutedCopy!));
        var outputs = executed.RootElement.GetProperty("cells")[1].GetProperty("outputs");
        Assert.Contains("42", outputs.GetRawText());
        // The source notebook stays clean.
        Assert.DoesNotContain("42\\n", File.ReadAllText(path));
    }

    [Fact]
    public async Task A_failing_cell_names_its_index_and_error_and_stops_the_run()
    {
        var path = NotebookTestKit.WriteTemporary("var ok = 1;", "throw new InvalidOperationException(\"self-check failed: accuracy 0.12 < 0.9\");", "Console.WriteLine(\"never\");");

        var result = await NotebookRunner.RunAsync(path, new RunOptions { OutputRoot = Directory.CreateTempSubdirectory().FullName });

        Assert.False(result.Passed);
        Assert.Equal(1, result.FailedCell);
        Assert.Contains("self-check failed: accuracy 0.12 < 0.9", result.Error);
        Assert.Equal(2, result.Cells!.Count);
        Assert.StartsWith("FAIL", result.Line);
    }

    [Fact]
    public async Task A_compile_error_fails_the_notebook()
    {
        var path = NotebookTestKit.WriteTemporary("int x = \"not a number\";");
        var result = await NotebookRunner.RunAsync(path, new RunOptions { OutputRoot = Directory.CreateTempSubdirectory().FullName });
        Assert.False(result.Passed);
        Assert.Contains("CS0029", result.Error);
    }

    [Fact]
    public async Task Writing_to_stderr_counts_as_an_error()
    {
        var path = NotebookTestKit.WriteTemporary("Console.Error.WriteLine(\"something went wrong\");");
        var result = await NotebookRunner.RunAsync(path, new RunOptions { OutputRoot = Directory.CreateTempSubdirectory().FullName });
        Assert.False(result.Passed);
        Assert.Contains("something went wrong", result.Error);
    }

    [Fact]
    public async Task A_hung_kernel_is_stopped_at_the_time_limit()
    {
        var path = NotebookTestKit.WriteTemporary("var started = true;", "while (true) { }");

        var result = await NotebookRunner.RunAsync(path, new RunOptions { Timeout = TimeSpan.FromSeconds(20), OutputRoot = Directory.CreateTempSubdirectory().FullName });

        Assert.False(result.Passed);
        Assert.Equal(1, result.FailedCell);
        Assert.Contains("timed out after 20 s", result.Error);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(120));
    }

    [Fact]
    public async Task The_kernel_gets_its_environment_and_this_process_keeps_its_own()
    {
        string[] names = ["HOME", "NUGET_PACKAGES", "NEURALNOTEBOOKS_MODE", "NEURALNOTEBOOKS_CACHE"];
        var before = names.ToDictionary(n => n, Environment.GetEnvironmentVariable);
        // Inside the checkout, so the runner also gives the kernel its own home and packages folder.
        var path = NotebookTestKit.WriteTemporaryInRepository(
            "foreach (var n in new[] { \"HOME\", \"NUGET_PACKAGES\", \"NEURALNOTEBOOKS_MODE\" }) Console.WriteLine($\"{n}={Environment.GetEnvironmentVariable(n)}\");");

        var result = await NotebookRunner.RunAsync(path, NotebookTestKit.QuickMode with { OutputRoot = Directory.CreateTempSubdirectory().FullName });

        NotebookTestKit.AssertPassed(result);
        var seen = result.Cells![0].Text;
        Assert.Contains("NEURALNOTEBOOKS_MODE=quick", seen);
        Assert.Contains($"NUGET_PACKAGES={Path.Combine(TestHost.RepositoryRoot, "artifacts", "kernel-packages")}", seen);
        Assert.Contains("/kernel-home/", seen);
        Assert.Equal(before, names.ToDictionary(n => n, Environment.GetEnvironmentVariable));
    }

    [Fact]
    public void A_first_cell_that_opens_with_the_backend_comment_still_counts_as_a_package_restore_for_the_retry()
    {
        var course = "// The backend: TorchSharp-cpu here. With an NVIDIA GPU change this one line to TorchSharp-cuda-linux (or TorchSharp-cuda-windows); never reference two.\n" +
                     "#r \"nuget: TorchSharp-cpu, 0.107.0\"\n#r \"nuget: NeuralNotebooks, 0.1.0\"";
        Assert.True(NotebookRunner.ReferencesPackages(course));
        Assert.True(NotebookRunner.ReferencesPackages("#r \"nuget: NeuralNotebooks, 0.1.0\""));
        Assert.False(NotebookRunner.ReferencesPackages("// #r \"nuget: X, 1.0\" is how a package is referenced\nvar x = 1;"));
    }

    [Fact]
    public void Folders_expand_to_their_notebooks_in_order_and_bad_paths_are_named()
    {
        var found = NotebookFiles.Find([Path.Combine(TestHost.RepositoryRoot, "notebooks")]);
        Assert.Contains(found, f => f.EndsWith("00-setup.ipynb"));
        Assert.Equal(found.OrderBy(f => f, StringComparer.Ordinal), found);
        var e = Assert.Throws<RunnerException>(() => NotebookFiles.Find(["no-such-thing.txt"]));
        Assert.Equal("'no-such-thing.txt' is neither a .ipynb file nor a folder.", e.Message);
    }
}
