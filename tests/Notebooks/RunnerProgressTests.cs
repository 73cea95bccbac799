using System.Diagnostics;
using NeuralNotebooks.Runner;

namespace NeuralNotebooks.Tests.Notebooks;

/// <summary>Progress from a real kernel: what the runner reports while a cell runs, and when the time limit stops it.</summary>
[Collection(NotebookCollection.Name)]
public class RunnerProgressTests
{
    [Fact]
    public async Task A_cell_that_loops_forever_is_reported_by_number_and_running_time_when_the_limit_stops_it()
    {
        var path = NotebookTestKit.WriteTemporary("var started = true;", "while (true) { }");
        var log = new StringWriter();
        var clock = Stopwatch.StartNew();
        var progress = new PlainProgress(TextWriter.Synchronized(log), () => clock.Elapsed);
        var options = new RunOptions { Timeout = TimeSpan.FromSeconds(15), OutputRoot = Directory.CreateTempSubdirectory().FullName, Progress = progress };

        var run = NotebookRunner.RunAsync(path, options);
        await progress.Follow(run);
        var result = await run;
        progress.NotebookFinished(result);

        Assert.False(result.Passed);
        Assert.Equal(1, result.FailedCell);
        // The limit counts from the kernel's start, so the looping cell had the 15 s less what the first cell took.
        var ran = int.Parse(Match(@"^timed out after 15 s while cell 1 had run (\d+) s; the kernel was stopped$", result.Error!));
        Assert.InRange(ran, 8, 15);
        var lines = log.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Contains(lines, l => l.StartsWith("  cell 2/2 (#1) 00:0"));                   // status lines while it spun
        var reported = double.Parse(Match(@"^  stopped in cell 2 \(#1\) after it ran (\d+\.\d) s$", lines[^2]), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(reported, ran - 1, ran + 3);
        Assert.StartsWith("FAIL", lines[^1]);
    }

    [Fact]
    public async Task Training_lines_arrive_while_the_cell_runs_not_when_it_ends()
    {
        var path = NotebookTestKit.WriteTemporary("""
            var shown = "[#.......................] epoch 1/3  batch 1/10  3%  00:00 < 00:09  loss 2.3".Display("text/plain");
            System.Threading.Thread.Sleep(3000);
            shown.Update("[########................] epoch 2/3  batch 1/10  36%  00:03 < 00:06  loss 1.1");
            System.Threading.Thread.Sleep(3000);
            """);
        var progress = new Recorder();

        var result = await NotebookRunner.RunAsync(path, new RunOptions { OutputRoot = Directory.CreateTempSubdirectory().FullName, Progress = progress });

        NotebookTestKit.AssertPassed(result);
        Assert.Equal(2, progress.Training.Count);
        Assert.StartsWith("[#.......................] epoch 1/3", progress.Training[0].Line);
        Assert.StartsWith("[########................] epoch 2/3", progress.Training[1].Line);
        // The first line came about 6 s and the update about 3 s before the cell ended.
        Assert.True(progress.Finished - progress.Training[0].At > TimeSpan.FromSeconds(4), $"first line only {progress.Finished - progress.Training[0].At} before the end");
        Assert.True(progress.Finished - progress.Training[1].At > TimeSpan.FromSeconds(1.5), $"update only {progress.Finished - progress.Training[1].At} before the end");
    }

    static string Match(string pattern, string text)
    {
        var m = System.Text.RegularExpressions.Regex.Match(text, pattern);
        Assert.True(m.Success, $"'{text}' does not match {pattern}");
        return m.Groups[1].Value;
    }

    sealed class Recorder : IRunProgress
    {
        readonly Stopwatch clock = Stopwatch.StartNew();
        public List<(string Line, TimeSpan At)> Training { get; } = [];
        public TimeSpan Finished { get; private set; }
        public void NotebookStarted(string notebook, int codeCells) { }
        public void CellStarted(int cellIndex) { }
        public void TrainingStatus(string line) { lock (Training) Training.Add((line, clock.Elapsed)); }
        public void CellFinished(int cellIndex, bool failed) => Finished = clock.Elapsed;
        public void NotebookFinished(NotebookResult result) { }
        public Task Follow(Task running) => running;
    }
}
