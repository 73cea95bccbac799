using NeuralNotebooks.Runner;
using NeuralNotebooks.Runtime;
using NeuralNotebooks.Training;

namespace NeuralNotebooks.Tests.Runner;

/// <summary>The runner's <c>--seeds</c> without a kernel: parsing, the headline line, the spread table.</summary>
public class SeedSweepTests
{
    [Fact]
    public void The_runner_reads_what_Core_writes()
    {
        // The runner reads what the kernel's Core prints; its names for the strings must stay Core's.
        Assert.Equal(SelfCheck.HeadlinePrefix, SeedSweep.HeadlinePrefix);
        Assert.Equal(Seed.EnvironmentVariable, SeedSweep.EnvironmentVariable);
        Assert.StartsWith(BreakItSwitch.SelfCheckFailed, SelfCheck.FailurePrefix);
        var run = Run("a.ipynb", true, "training...\n" + SelfCheck.HeadlineLine("test accuracy", 0.912345678) + "\nSelf-check passed: fine\n");
        Assert.Equal(("test accuracy", 0.912346), SeedSweep.Headline(run));
    }

    [Theory]
    [InlineData("PSNR gain over the median filter (dB) = -0.25", "PSNR gain over the median filter (dB)", -0.25)]
    [InlineData("a = b = 3", "a = b", 3)]
    [InlineData("loss = 1.5E-05", "loss", 1.5e-5)]
    public void A_headline_line_gives_its_name_and_value(string line, string name, double value)
    {
        Assert.Equal((name, value), SeedSweep.Headline(Run("a.ipynb", true, "Headline: " + line)));
    }

    [Fact]
    public void No_headline_or_a_headline_that_is_not_a_number_gives_none()
    {
        Assert.Null(SeedSweep.Headline(Run("a.ipynb", true, "Headline test accuracy 0.9\nthe headline: x = 1")));
        Assert.Null(SeedSweep.Headline(Run("a.ipynb", true, "Headline: accuracy = high")));
        Assert.Null(SeedSweep.Headline(new NotebookResult("a.ipynb", false, TimeSpan.Zero, null)));
    }

    [Theory]
    [InlineData("0,1,2", new[] { 0, 1, 2 })]
    [InlineData(" 5 , -1", new[] { 5, -1 })]
    [InlineData("7", new[] { 7 })]
    public void Seeds_are_whole_numbers_separated_by_commas(string text, int[] seeds) =>
        Assert.Equal(seeds, SeedSweep.Parse(text));

    [Theory]
    [InlineData("x,1", "--seeds takes whole numbers separated by commas, e.g. --seeds 0,1,2; 'x' in 'x,1' is not a whole number.")]
    [InlineData("0,,1", "--seeds takes whole numbers separated by commas, e.g. --seeds 0,1,2; '' in '0,,1' is not a whole number.")]
    [InlineData("0 1", "--seeds takes whole numbers separated by commas, e.g. --seeds 0,1,2; '0 1' in '0 1' is not a whole number.")]
    [InlineData("1,2,1", "--seeds takes each seed once, e.g. --seeds 0,1,2; 1 appears twice in '1,2,1'.")]
    public void Bad_seeds_are_one_clear_message(string text, string message) =>
        Assert.Equal(message, Assert.Throws<RunnerException>(() => SeedSweep.Parse(text)).Message);

    [Fact]
    public async Task The_runner_refuses_bad_seeds_with_that_one_message_and_exit_code_2()
    {
        var error = new StringWriter();
        var before = Console.Error;
        Console.SetError(error);
        try
        {
            var entry = typeof(SeedSweep).Assembly.EntryPoint!;
            var returned = entry.Invoke(null, [new[] { "--seeds", "x,1", "notebooks/00-setup.ipynb" }]);
            Assert.Equal(2, returned is Task<int> task ? await task : (int)returned!);
        }
        finally { Console.SetError(before); }
        Assert.Equal("--seeds takes whole numbers separated by commas, e.g. --seeds 0,1,2; 'x' in 'x,1' is not a whole number.", error.ToString().Trim());
    }

    [Fact]
    public void Each_seed_gets_its_variable_and_its_own_folder_and_the_options_given_stay_as_they_were()
    {
        var options = new RunOptions { Environment = new Dictionary<string, string> { ["NEURALNOTEBOOKS_MODE"] = "quick" }, BreakIt = true };
        var seeded = SeedSweep.OptionsFor(options, "/tmp/sweep", 2);
        Assert.Equal(new Dictionary<string, string> { ["NEURALNOTEBOOKS_MODE"] = "quick", ["NEURALNOTEBOOKS_SEED"] = "2" }, seeded.Environment);
        Assert.Equal(Path.Combine("/tmp/sweep", "seed-2"), seeded.OutputRoot);
        Assert.True(seeded.BreakIt);
        Assert.Single(options.Environment);
    }

    [Fact]
    public void The_table_gives_each_notebooks_headline_per_seed_with_min_max_spread_and_results()
    {
        var runs = new List<(int, IReadOnlyList<NotebookResult>)>
        {
            (0, [Run("a.ipynb", true, "Headline: test accuracy = 0.9"), Run("b.ipynb", true, "no headline here")]),
            (1, [Run("a.ipynb", true, "Headline: test accuracy = 0.85"), Run("b.ipynb", true, "")]),
            (2, [Run("a.ipynb", false, "Headline: test accuracy = 0.7"), Run("b.ipynb", true, "")]),
        };
        var rows = SeedSweep.Rows(runs);
        Assert.Equal(0.7, rows[0].Min);
        Assert.Equal(0.9, rows[0].Max);
        Assert.Equal(0.2, rows[0].Spread!.Value, 12);
        Assert.False(rows[0].AllPassed);
        Assert.Null(rows[1].Spread);

        var md = SeedSweep.Markdown([0, 1, 2], rows);
        Assert.Contains("| notebook | headline | seed 0 | seed 1 | seed 2 | min | max | spread | self-check per seed |", md);
        Assert.Contains("| a.ipynb | test accuracy | 0.9 | 0.85 | 0.7 | 0.7 | 0.9 | 0.2 | pass / pass / FAIL |", md);
        Assert.Contains("| b.ipynb | (no headline printed) | – | – | – | – | – | – | pass / pass / pass |", md);
        Assert.Contains("1 of 6 runs failed.", md);
    }

    static NotebookResult Run(string notebook, bool passed, string printed) =>
        new(notebook, passed, TimeSpan.FromSeconds(1), null, passed ? null : 3, passed ? null : "Self-check failed: low",
            [new CellResult(1, TimeSpan.Zero, false, "setup"), new CellResult(3, TimeSpan.Zero, !passed, printed)]);
}
