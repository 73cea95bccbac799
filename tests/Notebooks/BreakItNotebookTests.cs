using NeuralNotebooks.Runner;

namespace NeuralNotebooks.Tests.Notebooks;

/// <summary>
/// Every course notebook's self-check can fail: run with its break-it switch on (as <c>--break-it</c> does), the
/// notebook must run on normally and fail in its self-check cell with "Self-check failed". Same collection, time
/// limit and quick mode as <see cref="CourseNotebookTests"/>, one notebook at a time; the executed copies go to
/// artifacts/broken, beside (not over) the normal run's artifacts/executed.
/// </summary>
[Collection(NotebookCollection.Name)]
public class BreakItNotebookTests
{
    public static TheoryData<string> Exercises => CourseNotebookTests.Exercises;
    public static TheoryData<string> Questions => CourseNotebookTests.Questions;

    internal static RunOptions BreakItMode => NotebookTestKit.QuickMode with
    {
        BreakIt = true,
        OutputRoot = Path.Combine(TestHost.RepositoryRoot, "artifacts", "broken"),
    };

    [Theory, MemberData(nameof(Exercises)), MemberData(nameof(Questions))]
    public async Task With_its_switch_on_it_fails_in_its_self_check(string notebook)
    {
        var result = await NotebookTestKit.RunAsync(Path.Combine("notebooks", notebook), BreakItMode);
        Assert.True(result.Passed, $"{notebook}: {result.Error}");
        Assert.StartsWith(BreakItSwitch.SelfCheckFailed, result.BrokeAsExpected);
    }
}
