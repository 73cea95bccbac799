using NeuralNotebooks.Practice;
using NeuralNotebooks.Practice.Progress;

namespace NeuralNotebooks.Tests.Extension;

/// <summary>#!practice, #!check, #!hint, #!solution, #!progress in an in-process kernel, with their bad inputs.</summary>
[Collection(KernelCollection.Name)]
public sealed class PracticeCommandTests : IDisposable
{
    readonly KernelTestKit kit = new();
    readonly string progress = Directory.CreateTempSubdirectory("nn-practice-").FullName;

    public PracticeCommandTests() => Environment.SetEnvironmentVariable(ProgressStore.EnvironmentVariable, progress);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(ProgressStore.EnvironmentVariable, null);
        kit.Dispose();
        Directory.Delete(progress, recursive: true);
    }

    const string Usings = "using TorchSharp;\nusing static TorchSharp.torch;";
    const string Starter = Usings + "\n(Tensor h, Tensor c) LstmCell(Tensor x, Tensor h, Tensor c, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh)\n{\n    throw new NotImplementedException();\n}";

    async Task AssertFailsThenKernelStillWorks(string magic, string message)
    {
        var failed = await kit.RunAsync(magic);
        Assert.Equal(message, failed.Error);
        Assert.Equal(2, (await kit.RunAsync("1 + 1")).ReturnValue);
    }

    [Fact]
    public async Task Practice_shows_the_task_card_with_the_signature()
    {
        var text = (await kit.RunAsync("#!practice 03")).Text;
        Assert.StartsWith("Practice 03 · A recurrent network for sequence classification", text);
        Assert.Contains("(Tensor h, Tensor c) LstmCell(Tensor x, Tensor h, Tensor c, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh)", text);
    }

    [Fact]
    public async Task Practice_completes_the_exercises_that_have_a_practice()
    {
        var result = await kit.Kernel.SendAsync(new Microsoft.DotNet.Interactive.Commands.RequestCompletions("#!practice ", new Microsoft.DotNet.Interactive.LinePosition(0, 11)));
        var items = Assert.Single(result.Events.OfType<Microsoft.DotNet.Interactive.Events.CompletionsProduced>()).Completions.Select(c => c.InsertText).ToArray();
        Assert.Contains("01", items);
        Assert.Contains("05", items);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => i.ToString("00")), items.Where(i => i.Length == 2 && char.IsDigit(i[0])).Order());
    }

    [Theory]
    [InlineData("#!practice 21", "Unknown exercise '21'. Exercises with a practice: {ids}.")]
    [InlineData("#!practice selfattention", "Unknown exercise 'selfattention'. Exercises with a practice: {ids}. Did you mean self-attention?")]
    public Task A_bad_exercise_is_one_sentence_with_what_is_allowed(string magic, string message) => AssertFailsThenKernelStillWorks(magic, WithIds(message));

    /// <summary>{ids}: the catalog's practices, so adding an exercise does not change these tests.</summary>
    static string WithIds(string message) => message.Replace("{ids}", string.Join(", ", PracticeCatalog.Exercises.Select(e => e.Id)));

    [Fact]
    public async Task Check_says_when_the_function_is_missing_or_has_the_wrong_signature()
    {
        await kit.RunAsync("#!practice 03");
        await AssertFailsThenKernelStillWorks("#!check", "No function named LstmCell yet: run the cell marked '// Your code' (it declares (Tensor h, Tensor c) LstmCell(Tensor x, Tensor h, Tensor c, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh)).");
        Assert.Null((await kit.RunAsync(Usings + "\nTensor LstmCell(Tensor x, Tensor h) => x;")).Failure);
        await AssertFailsThenKernelStillWorks("#!check", "LstmCell has the wrong signature: it must be (Tensor h, Tensor c) LstmCell(Tensor x, Tensor h, Tensor c, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh), as in the starter cell.");
    }

    [Fact]
    public async Task The_starter_fails_cleanly_then_the_reference_passes_and_progress_says_so()
    {
        await kit.RunAsync("#!practice 03");
        Assert.Null((await kit.RunAsync(Starter)).Failure);
        var failed = await kit.RunAsync("#!check");
        Assert.Contains("not passed: LstmCell is not written yet", failed.Error);
        Assert.Null((await kit.RunAsync(Usings + "\n" + ReferenceSource.For(PracticeCatalog.Practice("03")))).Failure);
        var passed = await kit.RunAsync("#!check");
        Assert.Null(passed.Failure);
        Assert.Contains(passed.Displays.SelectMany(d => d.FormattedValues), v => v.MimeType == "text/plain" && v.Value.StartsWith("Practice 03 (A recurrent network for sequence classification) passed:"));
        var progressText = (await kit.RunAsync("#!progress")).Text;
        Assert.Contains("03  passed ", progressText);
        Assert.Contains("20  not tried", progressText);
    }

    [Fact]
    public async Task An_exception_in_the_learners_code_is_theirs_with_their_frame_and_the_kernel_goes_on()
    {
        await kit.RunAsync("#!practice 03");
        Assert.Null((await kit.RunAsync(Starter.Replace("throw new NotImplementedException();", "throw new InvalidOperationException(\"my bug\");"))).Failure);
        var failed = await kit.RunAsync("#!check");
        Assert.Contains("not passed: your LstmCell threw InvalidOperationException: my bug (at Submission#", failed.Error);
        Assert.Equal(2, (await kit.RunAsync("1 + 1")).ReturnValue);
    }

    [Fact]
    public async Task A_wrong_value_shows_the_property_the_cause_and_a_heatmap_in_html()
    {
        await kit.RunAsync("#!practice 05");
        var wrong = ReferenceSource.For(PracticeCatalog.Practice("05")).Replace("/ Math.Sqrt(q.shape[^1])", "");
        Assert.Null((await kit.RunAsync(Usings + "\n" + wrong)).Failure);
        var failed = await kit.RunAsync("#!check");
        Assert.StartsWith("Practice 05 (Self-attention for sequence modelling) not passed: values — the weights", failed.Error);
        Assert.Contains("not divided by √d", failed.Error);
        var html = Assert.Single(failed.Displays.SelectMany(d => d.FormattedValues), v => v.MimeType == "text/html" && v.Value.Contains("nn-practice-report")).Value;
        Assert.Contains("nn-heatmap", html);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public async Task Solution_waits_for_a_graded_attempt_then_shows_Cores_region_and_is_recorded()
    {
        await kit.RunAsync("#!practice 05");
        await AssertFailsThenKernelStillWorks("#!solution", "#!solution shows the reference of practice 05 after at least one graded attempt: write your version and run #!check first.");
        new ProgressStore(progress).Append(new ProgressRecord(ProgressRecord.Attempt, "05", DateTimeOffset.Now, false, "masks"));
        var text = (await kit.RunAsync("#!solution")).Text;
        Assert.Contains(ReferenceSource.For(PracticeCatalog.Practice("05")), text);
        Assert.True(new ProgressStore(progress).Status("05").SolutionShown);
    }

    [Fact]
    public async Task Hints_come_one_at_a_time_and_need_a_chosen_exercise()
    {
        await kit.RunAsync("#!practice 01");
        Assert.StartsWith("Hint 1 of 3 (practice 01): ", (await kit.RunAsync("#!hint")).Text);
        Assert.StartsWith("Hint 2 of 3 (practice 01): ", (await kit.RunAsync("#!hint")).Text);
        Assert.StartsWith("Hint 1 of 3 (practice 05): ", (await kit.RunAsync("#!hint 05")).Text);
        await AssertFailsThenKernelStillWorks("#!hint 21", WithIds("Unknown exercise '21'. Exercises with a practice: {ids}."));
    }

    [Fact]
    public async Task An_unknown_quiz_topic_suggests_the_nearest_few_not_all()
    {
        var failed = await kit.RunAsync("#!quiz --topic atention");
        Assert.StartsWith("Unknown topic 'atention'. Did you mean attention", failed.Error);
        Assert.True(failed.Error.Length < 250, failed.Error);
    }
}
