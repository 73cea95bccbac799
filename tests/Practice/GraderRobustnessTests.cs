using NeuralNotebooks.Practice;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Tests.Practice;

/// <summary>The grader survives the learner's code: not written yet, an exception, an endless loop, a wrong signature.</summary>
public class GraderRobustnessTests
{
    static CheckReport Check(Func<Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, (Tensor, Tensor)> cell, CheckOptions? options = null) =>
        NeuralNotebooks.Practice.Practice.Check("03", [cell], options);

    /// <summary>#!check seeds the grader with #!seed's seed (the runner's --seeds changes it): the reference passes for any.</summary>
    [Theory]
    [InlineData("01")]
    [InlineData("02")]
    [InlineData("03")]
    [InlineData("04")]
    [InlineData("05")]
    [InlineData("06")]
    [InlineData("07")]
    [InlineData("08")]
    [InlineData("09")]
    [InlineData("10")]
    [InlineData("11")]
    [InlineData("12")]
    [InlineData("13")]
    [InlineData("14")]
    [InlineData("15")]
    [InlineData("16")]
    [InlineData("17")]
    [InlineData("18")]
    [InlineData("19")]
    [InlineData("20")]
    public void The_reference_passes_for_seeds_0_to_4(string id)
    {
        var exercise = PracticeCatalog.Practice(id);
        foreach (var seed in Enumerable.Range(0, 5))
        {
            var report = NeuralNotebooks.Practice.Practice.Check(id, PracticeCatalog.Reference(exercise), new CheckOptions { Seed = seed });
            Assert.True(report.Passed, $"seed {seed}: {report}");
        }
    }

    /// <summary>Exercise 09's check builds an nn.GRU (initial weights from torch's global generator): the learner's next draw is as if no check ran.</summary>
    [Fact]
    public void A_check_leaves_the_learners_random_numbers_alone()
    {
        var exercise = PracticeCatalog.Practice("09");
        torch.manual_seed(7);
        var expected = torch.rand(5).data<float>().ToArray();
        torch.manual_seed(7);
        Assert.True(NeuralNotebooks.Practice.Practice.Check("09", PracticeCatalog.Reference(exercise)).Passed);
        Assert.Equal(expected, torch.rand(5).data<float>().ToArray());
    }

    [Fact]
    public void The_starters_NotImplementedException_is_not_written_yet()
    {
        var report = Check((x, h, c, a, b, d, e) => throw new NotImplementedException());
        Assert.Equal(CheckProblem.NotWritten, report.Problem);
        Assert.False(report.Passed);
        Assert.Equal("Practice 03 (A recurrent network for sequence classification) not passed: LstmCell is not written yet (it still throws NotImplementedException). Write its body in the cell marked '// Your code', run that cell, then #!check.", report.Summary);
    }

    [Fact]
    public void An_exception_in_the_learners_code_is_shown_as_theirs_with_its_frame()
    {
        // A managed exception: libtorch's own shape errors from matmul terminate this process here (see the report).
        var report = Check((x, h, c, a, b, d, e) => (h, c.chunk(4, 1)[(int)x.shape[1] + 4]));
        Assert.Equal(CheckProblem.LearnerError, report.Problem);
        Assert.StartsWith("your LstmCell threw IndexOutOfRangeException:", report.ProblemMessage);
        Assert.Contains("GraderRobustnessTests", report.ProblemMessage);   // the learner's frame (here: the test's lambda)
        Assert.Equal("error", report.FailedProperty);
    }

    [Fact]
    public void An_endless_loop_times_out_and_says_what_happens_to_the_thread()
    {
        using var stop = new CancellationTokenSource();
        var report = Check((x, h, c, a, b, d, e) =>
        {
            while (!stop.IsCancellationRequested) { }   // ends when the test is done, so no thread outlives it
            return (h, c);
        }, new CheckOptions { TimeLimit = TimeSpan.FromMilliseconds(300) });
        stop.Cancel();
        Assert.Equal(CheckProblem.TimedOut, report.Problem);
        Assert.Contains("did not finish within 0.3 s", report.ProblemMessage);
        Assert.Contains("cannot stop a running thread", report.ProblemMessage);
    }

    [Fact]
    public void A_function_of_the_wrong_type_is_one_sentence_with_the_signature()
    {
        var e = Assert.Throws<ArgumentException>(() => NeuralNotebooks.Practice.Practice.Check("03", new Func<Tensor, Tensor>(x => x)));
        Assert.Equal("LstmCell must have the signature (Tensor h, Tensor c) LstmCell(Tensor x, Tensor h, Tensor c, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh).", e.Message);
    }

    [Theory]
    [InlineData("21", "Unknown exercise '21'. Exercises with a practice: {ids}.")]
    [InlineData("self-atention", "Unknown exercise 'self-atention'. Exercises with a practice: {ids}. Did you mean self-attention?")]
    public void An_unknown_exercise_names_the_allowed_ones_and_the_nearest(string id, string message) =>
        // {ids}: the catalog's practices, so adding an exercise does not change this test.
        Assert.Equal(message.Replace("{ids}", string.Join(", ", PracticeCatalog.Exercises.Select(e => e.Id))),
            Assert.Throws<ArgumentException>(() => PracticeCatalog.Practice(id)).Message);

    [Fact]
    public void The_solution_text_is_the_region_of_Cores_source()
    {
        var text = ReferenceSource.For(PracticeCatalog.Practice("05"));
        Assert.StartsWith("(Tensor output, Tensor weights) Attention(Tensor q, Tensor k, Tensor v, Tensor mask)", text);
        Assert.Contains("Tensor MergeHeads(Tensor x)", text);
        var file = File.ReadAllText(Path.Combine(TestHost.RepositoryRoot, "src", "Core", "Practice", "References", "AttentionReference.cs"));
        Assert.Contains(text.Split('\n')[2].Trim(), file);
    }

    [Fact]
    public void The_catalog_lists_all_20_exercises_and_each_practice_has_two_or_three_hints_and_a_notebook()
    {
        Assert.Equal(20, PracticeCatalog.All.Count);
        Assert.All(PracticeCatalog.Exercises, e =>
        {
            Assert.InRange(e.Hints.Count, 2, 3);
            Assert.True(File.Exists(Path.Combine(TestHost.RepositoryRoot, "notebooks", e.Notebook)), $"no notebook {e.Notebook}");
        });
    }
}
