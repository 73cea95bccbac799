using NeuralNotebooks.Runner;

namespace NeuralNotebooks.Tests.Runner;

public class RunTimingsTests
{
    static NotebookResult Result(string notebook, bool passed, double seconds) =>
        new(notebook, passed, TimeSpan.FromSeconds(seconds), null, passed ? null : 3, passed ? null : "boom");

    [Fact]
    public void Each_mode_keeps_its_own_times_and_failed_runs_are_not_kept()
    {
        var root = Directory.CreateTempSubdirectory("nn-timings-").FullName;
        RunTimings.Write(root, "quick", [], [Result("a.ipynb", true, 7.04), Result("b.ipynb", false, 2)]);
        RunTimings.Write(root, "full", [], [Result("a.ipynb", true, 383.8)]);

        Assert.Equal(new Dictionary<string, double> { [RunTimings.Key("a.ipynb")] = 7.0 }, RunTimings.Read(root, "quick"));
        Assert.Equal(new Dictionary<string, double> { [RunTimings.Key("a.ipynb")] = 383.8 }, RunTimings.Read(root, "full"));
        Assert.Empty(RunTimings.Read(root, "default"));
    }

    [Fact]
    public void A_broken_file_reads_as_no_times()
    {
        var root = Directory.CreateTempSubdirectory("nn-timings-").FullName;
        File.WriteAllText(RunTimings.File(root, "quick"), "{ not json");
        Assert.Empty(RunTimings.Read(root, "quick"));
    }
}
