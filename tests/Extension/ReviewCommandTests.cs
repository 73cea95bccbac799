using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using NeuralNotebooks.Drills;
using NeuralNotebooks.Practice.Progress;

namespace NeuralNotebooks.Tests.Extension;

/// <summary>
/// #!review (interactive and --grade forms, --status, bad inputs), #!quiz --topics / --count, and predict-then-run
/// feeding the review schedule, in an in-process kernel with the progress in a scratch folder.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class ReviewCommandTests : IDisposable
{
    readonly KernelTestKit kit = new();
    readonly string progress = Directory.CreateTempSubdirectory("nn-review-").FullName;

    public ReviewCommandTests() => Environment.SetEnvironmentVariable(ProgressStore.EnvironmentVariable, progress);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(ProgressStore.EnvironmentVariable, null);
        kit.Dispose();
        Directory.Delete(progress, recursive: true);
    }

    IReadOnlyList<ProgressRecord> Recorded() => new ProgressStore(progress).Read();

    static string[] Texts(KernelTestKit.Cell cell) =>
        cell.Displays.SelectMany(d => d.FormattedValues).Where(v => v.MimeType == "text/plain").Select(v => v.Value).ToArray();

    async Task AssertFailsThenKernelStillWorks(string magic, string message)
    {
        var failed = await kit.RunAsync(magic);
        Assert.Equal(message, failed.Error);
        Assert.Equal(2, (await kit.RunAsync("1 + 1")).ReturnValue);
    }

    static string Day(int fromToday) => DateOnly.FromDateTime(DateTime.Now).AddDays(fromToday).ToString("yyyy-MM-dd");

    /// <summary>A front end that answers the kernel's input requests (as VS Code does) with the given answers, in turn.</summary>
    List<string> AnswerInputRequestsWith(Queue<string> answers)
    {
        var prompts = new List<string>();
        kit.Kernel.RegisterCommandHandler<RequestInput>((request, context) =>
        {
            prompts.Add(request.Prompt);
            context.Publish(new InputProduced(answers.Dequeue(), request));
            return Task.CompletedTask;
        });
        kit.Kernel.SetDefaultTargetKernelNameForCommand(typeof(RequestInput), kit.Kernel.Name);
        return prompts;
    }

    [Fact]
    public async Task Review_asks_for_the_grade_where_the_front_end_can_answer_records_it_and_shows_the_next_card()
    {
        var prompts = AnswerInputRequestsWith(new(["4", "", "7"]));

        var first = await kit.RunAsync("#!review");
        Assert.Null(first.Failure);
        var texts = Texts(first);
        Assert.StartsWith("Review q01 · new card · 10 cards to review today\n" + ReviewView.AnswerAloud, texts[0]);
        Assert.Contains($"Recorded q01: grade 4. Next review of q01 tomorrow ({Day(1)}).", texts);
        Assert.StartsWith("Review q02 · new card · 9 cards to review today", texts[^1]);   // the next card, not asked again
        Assert.Equal(["Your grade for q01, 0–5 (" + ReviewView.GradeScale + "); leave empty to grade later"], prompts);
        var html = Assert.Single(first.Displays.SelectMany(d => d.FormattedValues), v => v.MimeType == "text/html" && v.Value.Contains("Review q01")).Value;
        Assert.Contains("<details class=\"nn-answer\">", html);
        var record = Assert.Single(Recorded());
        Assert.Equal((ProgressRecord.Review, "q01", 4), (record.Kind, record.Item, record.Grade));

        var empty = await kit.RunAsync("#!review");   // an empty answer records nothing and says what to run
        Assert.Null(empty.Failure);
        Assert.Equal("No grade recorded (no answer given): after answering, run #!review --grade N (N from 0 to 5) to grade q02.", Texts(empty)[^1]);
        await AssertFailsThenKernelStillWorks("#!review", $"A review grade is a whole number from 0 to 5 ({ReviewView.GradeScale}); got '7'.");
        Assert.Single(Recorded());

        var graded = await kit.RunAsync("#!review --grade 5");   // the card shown last: q02; no new input request
        Assert.Null(graded.Failure);
        Assert.Equal(3, prompts.Count);
        Assert.Contains($"Recorded q02: grade 5. Next review of q02 tomorrow ({Day(1)}).", Texts(graded));
        Assert.StartsWith("Review q03 · new card · 8 cards to review today", Texts(graded)[^1]);
        Assert.Equal([("q01", 4), ("q02", 5)], Recorded().Select(r => (r.Item, r.Grade!.Value)));
    }

    [Fact]
    public async Task Without_a_front_end_that_answers_review_never_waits_and_bad_inputs_are_one_sentence()
    {
        await AssertFailsThenKernelStillWorks("#!review --grade 4", "No card to grade: run #!review first to see one, or name it with --card (e.g. #!review --grade 4 --card q06).");
        var shown = await kit.RunAsync("#!review");
        Assert.Null(shown.Failure);
        Assert.Equal("No grade recorded (this front end cannot ask for input): after answering, run #!review --grade N (N from 0 to 5) to grade q01.", Texts(shown)[^1]);
        Assert.Empty(Recorded());

        var grades = $"A review grade is a whole number from 0 to 5 ({ReviewView.GradeScale}); got";
        await AssertFailsThenKernelStillWorks("#!review --grade 7", $"{grades} '7'.");
        await AssertFailsThenKernelStillWorks("#!review --grade good", $"{grades} 'good'.");
        await AssertFailsThenKernelStillWorks("#!review --grade", "--grade needs a value: a whole number from 0 to 5, e.g. #!review --grade 4.");
        await AssertFailsThenKernelStillWorks("#!review --card --grade 3", "--card needs a value: a card q01–q20 or e01–e20, e.g. #!review --card q06.");
        await AssertFailsThenKernelStillWorks("#!review --grade 4 --card q21", "Unknown card 'q21'. Cards are q01–q20 (questions) and e01–e20 (coding exercises). Did you mean q01, q11 or q20?");
        await AssertFailsThenKernelStillWorks("#!review --card x1", "Unknown card 'x1'. Cards are q01–q20 (questions) and e01–e20 (coding exercises). Did you mean q01 or e01?");
        await AssertFailsThenKernelStillWorks("#!review --status --grade 4", "#!review --status only shows the schedule: run it without --grade and --card.");
        Assert.Empty(Recorded());

        var graded = await kit.RunAsync("#!review --grade 2 --card e05");
        Assert.Contains($"Recorded e05: grade 2. Next review of e05 tomorrow ({Day(1)}).", Texts(graded));
        var status = await kit.RunAsync("#!review --status");
        Assert.Equal($"Review on {Day(0)}: 0 due today, 9 new for today (39 never seen), 0 learned.\nToday: q01 (new), q02 (new), q03 (new), q04 (new), q05 (new), q06 (new), q07 (new), q08 (new), q09 (new)\nNext: tomorrow ({Day(1)}): e05", status.Text);

        var completions = await kit.Kernel.SendAsync(new RequestCompletions("#!review --card ", new Microsoft.DotNet.Interactive.LinePosition(0, 16)));
        var items = Assert.Single(completions.Events.OfType<CompletionsProduced>()).Completions.Select(c => c.InsertText).ToArray();
        Assert.Contains("q06", items);
        Assert.Contains("e20", items);

        File.WriteAllText(Path.Combine(progress, "progress.json"), "{ not json");
        var corrupt = await kit.RunAsync("#!review --status");
        Assert.Null(corrupt.Failure);
        Assert.StartsWith("Your practice progress file could not be read; it was kept as ", Texts(corrupt)[0]);
        Assert.Single(Directory.GetFiles(progress, "progress.corrupt-*.json"));
        Assert.StartsWith($"Review on {Day(0)}: 0 due today, 10 new for today (40 never seen)", Texts(corrupt)[^1]);
    }

    [Fact]
    public async Task Quiz_lists_topics_with_counts_and_runs_a_mock_interview_of_n_cards()
    {
        var topics = (await kit.RunAsync("#!quiz --topics")).Text;
        Assert.StartsWith($"{Questions.QuestionBank.Topics.Count} topics (#!quiz --topic NAME):\n", topics);
        Assert.Contains($"\nattention  {Questions.QuestionBank.All.Count(c => c.Topics.Contains("attention"))}\n", topics);

        await kit.RunAsync("#!seed 1");
        var mock = await kit.RunAsync("#!quiz --count 3");
        var html = Display.XhtmlTestKit.Parse(mock.Html);
        Assert.Equal(3, html.Descendants("ol").Single().Elements("li").Count());
        Assert.Equal(3, Display.XhtmlTestKit.WithClass(html, "nn-answer").Count(a => a.Name.LocalName == "details"));
        Assert.Equal(4, mock.Text.Split('\n').Length);
        await kit.RunAsync("#!seed 1");
        Assert.Equal(mock.Text, (await kit.RunAsync("#!quiz --count 3")).Text);

        await AssertFailsThenKernelStillWorks("#!quiz --count 0", "--count is the number of cards for a mock interview, a whole number from 1 to 40 (the cards); got '0'.");
        Assert.StartsWith("Unknown topic 'astrology'.", (await kit.RunAsync("#!quiz --topic astrology --count 2")).Error);
        await AssertFailsThenKernelStillWorks("#!quiz --count", "--count needs a value: the number of cards for a mock interview, e.g. #!quiz --count 5.");
    }

    [Fact]
    public async Task A_prediction_in_a_cell_is_shown_recorded_and_an_off_one_brings_its_card_back_tomorrow()
    {
        var store = new ProgressStore(progress);
        store.Append(new ProgressRecord(ProgressRecord.Review, "q06", DateTimeOffset.Now.AddDays(-2), Grade: 5));
        store.Append(new ProgressRecord(ProgressRecord.Review, "q06", DateTimeOffset.Now.AddDays(-1), Grade: 5));
        Assert.Contains($"in 5 days ({Day(5)}): q06", (await kit.RunAsync("#!review --status")).Text);

        var unset = await kit.RunAsync("using NeuralNotebooks.Drills;\nvar myGuess = double.NaN;\nPredict.Score(\"q06.gradient-ratio\", myGuess, 3.1e-5, Closeness.Factor(10), \"Each sigmoid layer scales the gradient by at most 0.25.\")");
        Assert.StartsWith("Prediction q06.gradient-ratio: your guess — · measured 3.1e-05\n– No guess written yet",
            Assert.Single(unset.Result.Events.OfType<ReturnValueProduced>()).FormattedValues.Single(v => v.MimeType == "text/plain").Value);
        Assert.Equal(2, Recorded().Count);   // no guess, nothing recorded

        var off = await kit.RunAsync("var myGuess = 0.5;\nPredict.Score(\"q06.gradient-ratio\", myGuess, 3.1e-5, Closeness.Factor(10), \"Each sigmoid layer scales the gradient by at most 0.25.\")");
        var values = Assert.Single(off.Result.Events.OfType<ReturnValueProduced>()).FormattedValues.ToArray();
        var html = Display.XhtmlTestKit.Parse(values.Single(v => v.MimeType == "text/html").Value);
        Assert.Equal("nn-prediction", (string?)html.Attribute("class"));
        Assert.Contains("✘ Not close: ×16129.032 too high (it had to be within a factor of 10).", html.Value);
        Assert.StartsWith("Prediction q06.gradient-ratio: your guess 0.5 · measured 3.1e-05\n✘ Not close", values.Single(v => v.MimeType == "text/plain").Value);
        var record = Recorded()[^1];
        Assert.Equal((ProgressRecord.Prediction, "q06.gradient-ratio", false), (record.Kind, record.Item, record.Passed));

        var status = (await kit.RunAsync("#!review --status")).Text;
        Assert.Contains($"Next: tomorrow ({Day(1)}): q06", status);
        Assert.DoesNotContain(Day(5), status);
        Assert.EndsWith("\nreview: 0 due today, 10 new (#!review)", (await kit.RunAsync("#!progress")).Text);

        var early = await kit.RunAsync("#!review --card q06");   // a card named out of turn is shown as early
        Assert.StartsWith("Review q06 · early: due tomorrow · 10 cards to review today", Texts(early)[0]);
    }
}
