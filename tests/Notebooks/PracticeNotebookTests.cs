using NeuralNotebooks.Practice;
using NeuralNotebooks.Runner;

namespace NeuralNotebooks.Tests.Notebooks;

/// <summary>
/// Every practice notebook (notebooks/practice): stored clean with the course's first cells, one learner cell whose
/// functions have the catalog's exact signatures and throw NotImplementedException, then #!check, #!hint, #!solution;
/// and it runs twice through the runner: as stored (every grading cell reports "not passed" cleanly) and with Core's
/// reference substituted (every cell passes).
/// </summary>
[Collection(NotebookCollection.Name)]
public class PracticeNotebookTests
{
    public static TheoryData<string> Notebooks => new(PracticeCatalog.Exercises.Select(e => e.Notebook));

    [Fact]
    public void The_practice_folder_holds_exactly_the_catalogs_notebooks()
    {
        var folder = Path.Combine(TestHost.RepositoryRoot, "notebooks", "practice");
        var files = Directory.EnumerateFiles(folder, "*.ipynb").Select(f => "practice/" + Path.GetFileName(f)).Order(StringComparer.Ordinal);
        Assert.Equal(PracticeCatalog.Exercises.Select(e => e.Notebook), files);
        // Same slugs as the course's exercise notebooks.
        Assert.All(PracticeCatalog.Exercises, e => Assert.True(File.Exists(Path.Combine(TestHost.RepositoryRoot, "notebooks", "exercises", $"{e.Id}-{e.Slug}.ipynb")), e.Notebook));
    }

    [Theory, MemberData(nameof(Notebooks))]
    public void It_is_stored_clean_and_opens_like_the_course(string notebook)
    {
        var nb = NotebookFile.Read(Path.Combine(TestHost.RepositoryRoot, "notebooks", notebook));
        Assert.Equal(".net-csharp", nb.KernelName);
        Assert.All(nb.Code, c => Assert.True(c.OutputCount == 0 && !c.HasExecutionCount, $"{notebook} is stored with outputs"));
        var code = nb.Code.Select(c => c.Source).ToList();
        var references = code[0].Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("#r ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["#r \"nuget: TorchSharp-cpu, 0.107.0\"", "#r \"nuget: NeuralNotebooks, 0.1.0\""], references);
        Assert.Contains(code, c => c.Contains("#!seed"));
        Assert.StartsWith("# Practice ", nb.Markdown.First().Source);
        Assert.Contains("Why interviewers ask it", nb.AllMarkdown);
    }

    [Theory, MemberData(nameof(Notebooks))]
    public void Its_learner_cell_has_the_catalogs_signatures_and_throws_then_check_hint_solution_follow(string notebook)
    {
        var exercise = PracticeCatalog.Exercises.Single(e => e.Notebook == notebook);
        var code = NotebookFile.Read(Path.Combine(TestHost.RepositoryRoot, "notebooks", notebook)).Code.Select(c => c.Source.Trim()).ToList();
        var learner = Assert.Single(code, c => c.StartsWith(PracticeRun.LearnerCellMarker, StringComparison.Ordinal));
        Assert.Contains($"#!practice {exercise.Id}", code);
        // A long signature may wrap over lines in the cell: compare with runs of whitespace collapsed.
        static string Flat(string s) => System.Text.RegularExpressions.Regex.Replace(s, @"\s+", " ").Replace("( ", "(");
        foreach (var f in exercise.Functions) Assert.Contains(Flat(f.Signature), Flat(learner));
        Assert.Equal(exercise.Functions.Count, learner.Split("throw new NotImplementedException();").Length - 1);
        var at = code.IndexOf(learner);
        var check = code.IndexOf(PracticeRun.GradingCommand);
        Assert.True(check > at, "#!check comes after the learner cell");
        Assert.True(code.IndexOf("#!hint") > check && code.IndexOf("#!solution") > code.IndexOf("#!hint"), "then #!hint, then #!solution");
    }

    [Theory, MemberData(nameof(Notebooks))]
    public async Task As_stored_every_grading_cell_reports_not_passed_cleanly(string notebook)
    {
        var result = await NotebookTestKit.RunAsync(Path.Combine("notebooks", notebook), NotebookTestKit.QuickMode with { Practice = PracticeMode.Starter });
        Assert.True(result.Passed, $"{notebook}: cell {result.FailedCell}: {result.Error}");
        Assert.StartsWith("starter: 1 grading cell(s) reported 'not passed' cleanly", result.BrokeAsExpected);
    }

    [Theory, MemberData(nameof(Notebooks))]
    public async Task With_the_reference_substituted_every_cell_passes(string notebook)
    {
        var result = await NotebookTestKit.RunAsync(Path.Combine("notebooks", notebook), NotebookTestKit.QuickMode with
        {
            Practice = PracticeMode.Reference,
            OutputRoot = Path.Combine(TestHost.RepositoryRoot, "artifacts", "practice-reference"),
        });
        NotebookTestKit.AssertPassed(result);
    }
}
