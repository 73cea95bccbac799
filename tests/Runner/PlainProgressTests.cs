using NeuralNotebooks.Runner;

namespace NeuralNotebooks.Tests.Runner;

/// <summary>The log lines of a run, driven by synthetic runner events and a clock moved by hand.</summary>
public class PlainProgressTests
{
    TimeSpan now;
    readonly StringWriter log = new();
    PlainProgress Reporter() => new(log, () => now);
    string[] Lines() => log.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
    void Wait(double seconds) => now += TimeSpan.FromSeconds(seconds);

    [Fact]
    public void A_slow_cell_gets_a_status_line_every_interval_with_the_dashboard_line_and_a_line_when_done()
    {
        var progress = Reporter();
        progress.NotebookStarted("notebooks/exercises/08-cnn.ipynb", 3);
        progress.CellStarted(1); Wait(1); progress.CellFinished(1, failed: false); // quick: nothing said
        progress.CellStarted(3);
        Wait(3); progress.Tick();                                                   // under the interval: quiet
        Wait(2); progress.TrainingStatus("[####....................] epoch 1/5  batch 40/100  16%  00:05 < 00:26  812 samples/s  loss 0.4123");
        progress.Tick();
        Wait(1); progress.Tick();                                                   // 1 s after the last line: quiet
        Wait(4); progress.Tick();
        Wait(2); progress.CellFinished(3, failed: false);

        Assert.Equal(new[]
        {
            "notebooks/exercises/08-cnn.ipynb: 3 code cells",
            "  cell 2/3 (#3) 00:05  notebook 00:06, about 00:01 more after this cell  [####....................] epoch 1/5  batch 40/100  16%  00:05 < 00:26  812 samples/s  loss 0.4123",
            "  cell 2/3 (#3) 00:10  notebook 00:11, about 00:01 more after this cell  [####....................] epoch 1/5  batch 40/100  16%  00:05 < 00:26  812 samples/s  loss 0.4123",
            "  cell 2 (#3) done after 12.0 s",
        }, Lines());
    }

    [Fact]
    public void A_failing_cell_ends_with_the_result_line_naming_the_cell_and_error()
    {
        var progress = Reporter();
        progress.NotebookStarted("a.ipynb", 2);
        progress.CellStarted(0); Wait(0.5); progress.CellFinished(0, failed: false);
        progress.CellStarted(1); Wait(0.5); progress.CellFinished(1, failed: true);
        progress.NotebookFinished(new NotebookResult("a.ipynb", false, now, null, 1, "self-check failed: accuracy 0.12 < 0.9"));

        Assert.Equal(new[]
        {
            "a.ipynb: 2 code cells",
            "FAIL      1.0s  a.ipynb  (cell 1: self-check failed: accuracy 0.12 < 0.9)",
        }, Lines());
    }

    [Fact]
    public void A_time_out_says_which_cell_was_running_and_for_how_long()
    {
        var progress = Reporter();
        progress.NotebookStarted("slow.ipynb", 2);
        progress.CellStarted(0); Wait(2); progress.CellFinished(0, failed: false);
        progress.CellStarted(2);
        for (int i = 0; i < 4; i++) { Wait(5); progress.Tick(); }
        progress.NotebookFinished(new NotebookResult("slow.ipynb", false, now, null, 2, "timed out after 20 s while cell 2 had run 20 s; the kernel was stopped"));

        var lines = Lines();
        Assert.Equal(4, lines.Count(l => l.StartsWith("  cell 2/2 (#2) ")));
        Assert.Equal("  cell 2/2 (#2) 00:20  notebook 00:22", lines[^3]); // no estimate: the only cell left is the running one
        Assert.Equal("  stopped in cell 2 (#2) after it ran 20.0 s", lines[^2]);
        Assert.Equal("FAIL     22.0s  slow.ipynb  (cell 2: timed out after 20 s while cell 2 had run 20 s; the kernel was stopped)", lines[^1]);
    }

    [Fact]
    public void The_estimate_is_the_last_run_time_when_there_is_one()
    {
        var lastRun = new Dictionary<string, double> { [RunTimings.Key("x.ipynb")] = 630 };
        var progress = new PlainProgress(log, () => now, lastRun);
        progress.NotebookStarted("x.ipynb", 2);
        progress.CellStarted(0);
        Wait(6); progress.Tick();

        Assert.Equal("  cell 1/2 (#0) 00:06  notebook 00:06 of about 10:30 (last run)", Lines()[^1]);
    }

    [Fact]
    public void In_a_run_of_several_notebooks_each_says_its_place()
    {
        var progress = new PlainProgress(log, () => now, notebooks: 2);
        progress.NotebookStarted("a.ipynb", 1);
        progress.NotebookFinished(new NotebookResult("a.ipynb", true, TimeSpan.FromSeconds(1), null));
        progress.NotebookStarted("b.ipynb", 1);

        Assert.Equal("notebook 1/2: a.ipynb: 1 code cell", Lines()[0]);
        Assert.Equal("notebook 2/2: b.ipynb: 1 code cell", Lines()[^1]);
    }

    [Fact]
    public void Only_the_dashboard_text_line_counts_as_a_training_status()
    {
        static Microsoft.DotNet.Interactive.Events.DisplayedValueUpdated Update(string plain) =>
            new(null, "id", new Microsoft.DotNet.Interactive.Commands.SubmitCode(""), [new Microsoft.DotNet.Interactive.Formatting.FormattedValue("text/plain", plain)]);

        Assert.Equal("[##......................] epoch 2/5  batch 3/10  loss 1.2",
            CellWatch.TrainingLine(Update("[##......................] epoch 2/5  batch 3/10  loss 1.2\nmore")));
        Assert.Null(CellWatch.TrainingLine(Update("tensor [2, 3] float32")));
    }
}
