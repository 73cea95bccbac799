using NeuralNotebooks.Questions;

namespace NeuralNotebooks.Tests.Notebooks;

/// <summary>
/// The 20 exercise and 20 question notebooks: they exist where the question bank says, are stored
/// clean, carry the sections a learner relies on, and run top to bottom in a fresh kernel in quick mode.
/// </summary>
[Collection(NotebookCollection.Name)]
public class CourseNotebookTests
{
    public static TheoryData<string> Exercises => new(QuestionBank.Exercises.Select(c => c.Notebook));
    public static TheoryData<string> Questions => new(QuestionBank.Questions.Select(c => c.Notebook));

    [Fact]
    public void Every_card_has_its_notebook()
    {
        var missing = QuestionBank.All.Select(c => c.Notebook)
            .Where(n => !File.Exists(Path.Combine(TestHost.RepositoryRoot, "notebooks", n))).ToArray();
        Assert.Empty(missing);
        Assert.Equal(20, QuestionBank.Exercises.Count);
        Assert.Equal(20, QuestionBank.Questions.Count);
    }

    static InterviewCard CardFor(string notebook) => QuestionBank.All.Single(c => c.Notebook == notebook);
    static NotebookFile Read(string notebook) => NotebookFile.Read(Path.Combine(TestHost.RepositoryRoot, "notebooks", notebook));

    [Theory, MemberData(nameof(Exercises)), MemberData(nameof(Questions))]
    public void It_is_stored_clean_with_the_dotnet_csharp_kernel(string notebook)
    {
        var nb = Read(notebook);
        Assert.Equal(".net-csharp", nb.KernelName);
        Assert.All(nb.Code, c => Assert.True(c.OutputCount == 0 && !c.HasExecutionCount, $"{notebook} is stored with outputs"));
    }

    [Theory, MemberData(nameof(Exercises)), MemberData(nameof(Questions))]
    public void It_opens_with_both_titles_and_loads_the_backend_then_the_package_then_device_and_seed(string notebook)
    {
        var card = CardFor(notebook);
        var nb = Read(notebook);
        var title = nb.Markdown.First().Source;
        Assert.StartsWith("# ", title);
        Assert.Contains(card.TitleZh.TrimEnd('。', '？', '?'), title);
        var code = nb.Code.Select(c => c.Source).ToList();
        // Exactly one backend, then the package (issue 19; eng/set-backend-line.py writes this cell).
        var references = code[0].Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("#r ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["#r \"nuget: TorchSharp-cpu, 0.107.0\"", "#r \"nuget: NeuralNotebooks, 0.1.0\""], references);
        Assert.Contains(code, c => c.Contains("#!device"));
        Assert.Contains(code, c => c.Contains("#!seed"));
        Assert.Contains(code, c => c.Contains("RunModes.Current"));
    }

    [Theory, MemberData(nameof(Exercises))]
    public void An_exercise_says_what_is_wrong_with_the_guide_and_ends_with_follow_ups(string notebook)
    {
        var nb = Read(notebook);
        Assert.Contains("## What is wrong with the guide", nb.AllMarkdown);
        AssertFollowUpsAndSelfCheck(nb);
    }

    [Theory, MemberData(nameof(Questions))]
    public void A_question_gives_the_banks_short_answer_verbatim(string notebook)
    {
        var card = CardFor(notebook);
        var nb = Read(notebook);
        Assert.False(string.IsNullOrWhiteSpace(card.ShortAnswer), $"card q{card.Number:00} has no short answer");
        Assert.Contains("## Short answer", nb.AllMarkdown);
        Assert.Contains(NotebookFile.Normalize(card.ShortAnswer), NotebookFile.Normalize(nb.AllMarkdown));
        AssertFollowUpsAndSelfCheck(nb);
    }

    static void AssertFollowUpsAndSelfCheck(NotebookFile nb)
    {
        // The follow-ups are written out (three or more questions), or rendered from the bank's card
        // (#!exercise N / #!question N; the bank tests check each card has 3 to 5).
        var heading = nb.Cells.ToList().FindIndex(c => c.Kind == "markdown" && c.Source.Contains("## Interview follow-ups"));
        Assert.True(heading >= 0, $"{nb.Path}: no '## Interview follow-ups' section");
        var after = nb.Cells.Skip(heading).ToList();
        var written = after.Where(c => c.Kind == "markdown").Sum(c => c.Source.Count(ch => ch == '?'));
        var rendered = after.Any(c => c.Kind == "code" && (c.Source.Contains("#!exercise") || c.Source.Contains("#!question")));
        Assert.True(written >= 3 || rendered, $"{nb.Path}: fewer than three follow-up questions");
        // A self-check: a code cell that throws (SelfCheck.Require does), under a "Self-check" heading or saying so itself.
        var cells = nb.Cells.ToList();
        var selfCheck = cells.FindIndex(c => c.Source.Contains("self-check", StringComparison.OrdinalIgnoreCase));
        Assert.True(selfCheck >= 0 && cells.Skip(selfCheck).Any(c => c.Kind == "code" && (c.Source.Contains("throw") || c.Source.Contains("SelfCheck.Require"))),
            $"{nb.Path}: no self-check cell that throws");
    }

    [Theory, MemberData(nameof(Exercises)), MemberData(nameof(Questions))]
    public async Task It_runs_top_to_bottom_in_a_fresh_kernel_in_quick_mode(string notebook)
    {
        var result = await NotebookTestKit.RunAsync(Path.Combine("notebooks", notebook));
        NotebookTestKit.AssertPassed(result);
    }

    [Fact]
    public void The_notebook_index_links_every_notebook_with_both_titles()
    {
        var index = File.ReadAllText(Path.Combine(TestHost.RepositoryRoot, "notebooks", "README.md"));
        foreach (var card in QuestionBank.All)
        {
            Assert.Contains($"({card.Notebook})", index);
            Assert.Contains(card.TitleZh, index);
        }
    }
}
