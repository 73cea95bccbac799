using NeuralNotebooks.Practice;
using NeuralNotebooks.Practice.Progress;

namespace NeuralNotebooks.Tests.Practice;

/// <summary>Progress is never lost: atomic writes, bad files set aside not overwritten, concurrent writers, statuses.</summary>
public sealed class ProgressStoreTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("nn-progress-").FullName;
    static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static ProgressRecord Attempt(string item, int minutes, bool passed, string? failed = null) => new(ProgressRecord.Attempt, item, T0.AddMinutes(minutes), passed, failed);

    [Fact]
    public void Records_come_back_in_order_and_no_temporary_file_is_left()
    {
        var store = new ProgressStore(folder);
        store.Append(Attempt("05", 0, false, "masks"));
        store.Append(new ProgressRecord(ProgressRecord.Hint, "05", T0.AddMinutes(1), HintNumber: 1));
        store.Append(Attempt("05", 2, true));
        var records = new ProgressStore(folder).Read();
        Assert.Equal([ProgressRecord.Attempt, ProgressRecord.Hint, ProgressRecord.Attempt], records.Select(r => r.Kind));
        Assert.Equal("masks", records[0].FailedProperty);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
        Assert.Null(store.Notice);
    }

    [Fact]
    public void A_corrupt_file_is_moved_aside_with_a_notice_and_kept_byte_for_byte()
    {
        File.WriteAllText(Path.Combine(folder, "progress.json"), "{ \"format\": 1, \"records\": [ {\"kind\": ");
        var store = new ProgressStore(folder);
        store.Append(Attempt("01", 0, true));
        Assert.StartsWith("Your practice progress file could not be read; it was kept as ", store.Notice);
        var aside = Assert.Single(Directory.GetFiles(folder, "progress.corrupt-*.json"));
        Assert.Equal("{ \"format\": 1, \"records\": [ {\"kind\": ", File.ReadAllText(aside));
        Assert.Single(store.Read());
    }

    [Fact]
    public void A_newer_format_is_not_read_or_overwritten_but_kept_aside()
    {
        const string newer = "{ \"format\": 2, \"records\": [], \"spaced\": {} }";
        File.WriteAllText(Path.Combine(folder, "progress.json"), newer);
        var store = new ProgressStore(folder);
        store.Append(Attempt("03", 0, false, "values"));
        Assert.Contains("format-2", store.Notice);
        Assert.Contains("not overwritten", store.Notice);
        Assert.Equal(newer, File.ReadAllText(Assert.Single(Directory.GetFiles(folder, "progress.format-2-*.json"))));
    }

    [Fact]
    public void Two_stores_writing_at_once_from_real_threads_lose_nothing()
    {
        const int each = 40;
        var start = new Barrier(2);
        void Writer(string item)
        {
            var store = new ProgressStore(folder);   // one store per "kernel", the same folder
            start.SignalAndWait();
            for (int i = 0; i < each; i++) store.Append(Attempt(item, i, i % 2 == 0));
        }
        var a = new Thread(() => Writer("01"));
        var b = new Thread(() => Writer("05"));
        a.Start(); b.Start(); a.Join(); b.Join();
        var records = new ProgressStore(folder).Read();
        Assert.Equal(each, records.Count(r => r.Item == "01"));
        Assert.Equal(each, records.Count(r => r.Item == "05"));
    }

    [Fact]
    public void Status_is_not_tried_failing_passed_or_passed_after_solution_with_dates()
    {
        Assert.Equal(PracticeState.NotTried, ExerciseStatus.From("01", []).State);
        var failing = ExerciseStatus.From("01", [Attempt("01", 0, false, "values")]);
        Assert.Equal((PracticeState.Failing, T0), (failing.State, failing.LastTried!.Value));
        var passed = ExerciseStatus.From("01", [Attempt("01", 0, false, "values"), Attempt("01", 5, true), new(ProgressRecord.Solution, "01", T0.AddMinutes(6))]);
        Assert.Equal((PracticeState.Passed, T0.AddMinutes(5)), (passed.State, passed.PassedAt!.Value));
        var helped = ExerciseStatus.From("01", [Attempt("01", 0, false), new(ProgressRecord.Solution, "01", T0.AddMinutes(1)), Attempt("01", 2, true)]);
        Assert.Equal(PracticeState.PassedAfterSolution, helped.State);
        Assert.True(helped.SolutionShown);
    }

    [Fact]
    public void Progress_shows_all_20_exercises_each_with_its_practice_status()
    {
        var rows = ProgressView.Rows([Attempt("05", 0, true)]);
        Assert.Equal(20, rows.Count);
        Assert.Equal("passed", rows.Single(r => r.Id == "05").Status);
        Assert.Equal("not tried", rows.Single(r => r.Id == "01").Status);
        Assert.Equal(19, rows.Count(r => r.Status == "not tried"));            // every exercise has a practice now
        Assert.Contains("05  passed", ProgressView.ToText([Attempt("05", 0, true)]));
    }

    [Fact]
    public void Unknown_kinds_from_a_later_version_of_the_same_format_are_kept()
    {
        var store = new ProgressStore(folder);
        store.Append(new ProgressRecord("prediction", "q07", T0, Passed: true));
        store.Append(Attempt("01", 1, true));
        Assert.Equal(["prediction", "attempt"], store.Read().Select(r => r.Kind));
        Assert.Equal(PracticeState.Passed, store.Status("01").State);
    }
}
