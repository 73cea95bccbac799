using Microsoft.DotNet.Interactive.Documents;
using NeuralNotebooks.Practice;
using NeuralNotebooks.Runner;

namespace NeuralNotebooks.Tests.Runner;

/// <summary>Practice runs without a kernel: the learner cell, the reference substituted, the judgement of a starter run.</summary>
public class PracticeRunTests
{
    const string Learner = "// Your code — practice 05: write these bodies.\n(Tensor output, Tensor weights) Attention(Tensor q, Tensor k, Tensor v, Tensor mask)\n{\n    throw new NotImplementedException();\n}";

    static InteractiveDocument Document(params (string Kernel, string Text)[] cells)
    {
        var document = new InteractiveDocument();
        foreach (var (kernel, text) in cells) document.Add(new InteractiveDocumentElement(text, kernel));
        return document;
    }

    static InteractiveDocument Practice() => Document(("markdown", "# Practice 05"), ("csharp", "#!practice 05"), ("csharp", Learner), ("csharp", "#!check"), ("csharp", "#!hint"));

    static NotebookResult Passed() => new("notebooks/practice/05-self-attention.ipynb", true, TimeSpan.FromSeconds(3), null);

    [Fact]
    public void The_learner_cell_is_the_one_code_cell_starting_with_the_marker()
    {
        Assert.Equal((2, null), PracticeRun.LearnerCell(Practice().Elements));
        Assert.Equal("no learner cell: no code cell starts with '// Your code'", PracticeRun.LearnerCell(Document(("markdown", "// Your code"), ("csharp", "x")).Elements).Problem);
        Assert.Equal("2 learner cells (cells 0, 1); a practice notebook has one", PracticeRun.LearnerCell(Document(("csharp", Learner), ("csharp", Learner)).Elements).Problem);
    }

    [Fact]
    public void The_reference_replaces_the_body_and_keeps_the_marker_line()
    {
        var document = Practice();
        Assert.Null(PracticeRun.SubstituteReference(document, "notebooks/practice/05-self-attention.ipynb", TestHost.RepositoryRoot));
        var cell = document.Elements[2].Contents;
        Assert.StartsWith("// Your code — practice 05: write these bodies.\n(Tensor output, Tensor weights) Attention(", cell);
        Assert.DoesNotContain("NotImplementedException", cell);
        // The same text #!solution shows: Core's embedded source, cut at the same region.
        Assert.EndsWith(ReferenceSource.For(PracticeCatalog.Practice("05")), cell);
    }

    [Fact]
    public void A_notebook_without_a_reference_region_or_a_number_is_named()
    {
        Assert.Equal("no '#region Exercise99' in src/Core/Practice/References", PracticeRun.SubstituteReference(Practice(), "practice/99-none.ipynb", TestHost.RepositoryRoot));
        Assert.StartsWith("cannot tell the exercise of attention.ipynb", PracticeRun.SubstituteReference(Practice(), "practice/attention.ipynb", TestHost.RepositoryRoot));
    }

    [Fact]
    public void Only_the_graders_own_report_is_a_clean_failure()
    {
        var report = new CheckReport(PracticeCatalog.Practice("05"), [], CheckProblem.NotWritten, "Attention is not written yet.");
        Assert.True(PracticeRun.IsCleanFailure(report.Summary));    // Core's words and the runner's pattern agree
        Assert.True(PracticeRun.IsCleanFailure("NeuralNotebooks: " + report.Summary));
        Assert.False(PracticeRun.IsCleanFailure("(3,1): error CS0103: The name 'Attention' does not exist in the current context"));
        Assert.False(PracticeRun.IsCleanFailure("No function named Attention yet: run the cell marked '// Your code'."));
        Assert.True(PracticeRun.IsGradingCell(new InteractiveDocumentElement("#!check", "csharp")));
        Assert.False(PracticeRun.IsGradingCell(new InteractiveDocumentElement("#!check", "markdown")));
    }

    [Fact]
    public void A_starter_run_passes_only_when_every_grading_cell_failed_cleanly()
    {
        Assert.Equal("starter: 2 grading cell(s) reported 'not passed' cleanly", PracticeRun.JudgeStarter(Passed(), 2, 2).BrokeAsExpected);
        var accepted = PracticeRun.JudgeStarter(Passed(), 2, 1);
        Assert.False(accepted.Passed);
        Assert.Equal("starter run: 1 of 2 grading cell(s) passed with the starter code; the grader accepts unwritten code", accepted.Error);
        Assert.False(PracticeRun.JudgeStarter(Passed(), 0, 0).Passed);
        var crashed = Passed() with { Passed = false, FailedCell = 2, Error = "CS0103" };
        Assert.Same(crashed, PracticeRun.JudgeStarter(crashed, 1, 0));
    }

    [Theory]
    [InlineData("notebooks/practice/05-self-attention.ipynb", true)]
    [InlineData("notebooks/exercises/05-self-attention.ipynb", false)]
    public void Notebooks_in_a_practice_folder_are_practice_notebooks(string path, bool expected) =>
        Assert.Equal(expected, PracticeRun.IsPracticeNotebook(path));
}
