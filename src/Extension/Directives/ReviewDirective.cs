using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;
using Microsoft.DotNet.Interactive.Events;
using NeuralNotebooks.Drills;
using NeuralNotebooks.Practice.Progress;

namespace NeuralNotebooks.Extension.Directives;

/// <summary><c>#!review [--grade N] [--card q06] [--status]</c>: spaced review of the 40 interview cards.</summary>
public sealed class ReviewCommand : KernelDirectiveCommand
{
    public string? Grade { get; set; }
    public string? Card { get; set; }
    public bool Status { get; set; }
}

/// <summary>
/// Glue over Core's <see cref="ReviewSchedule"/>: shows the next due card, asks for the self-grade through the
/// kernel's input request where a front end can answer one (VS Code; Jupyter with stdin), and otherwise records
/// nothing and says to run <c>#!review --grade N</c>, so a headless run never waits. Every grade is a "review" record
/// in the practice progress, the schedule's one source.
/// </summary>
static class ReviewDirective
{
    public static void AddTo(Kernel kernel)
    {
        string? lastShown = null;   // the card #!review showed last in this kernel, which --grade grades

        kernel.AddDirective<ReviewCommand>(new KernelActionDirective("#!review")
        {
            Description = "Spaced review (SM-2) of the 40 interview cards: the next due card, then your self-grade 0–5.",
            Parameters =
            [
                new KernelDirectiveParameter("--grade", "Your self-grade 0–5 for the card shown last (or --card): " + ReviewView.GradeScale),
                new KernelDirectiveParameter("--card", "A card: q01–q20 (questions), e01–e20 (coding exercises)").AddCompletions(() => ReviewCards.Ids),
                new KernelDirectiveParameter("--status", "Due today, new, learned and the next due dates") { Flag = true },
            ],
        }, async (command, context) =>
        {
            var store = ProgressStore.Default();
            string? card = null;
            int? grade = null;
            if (!MagicErrors.Try(context, command, () =>
                {
                    DirectiveText.RequireValue(command, "#!review", "--grade", "a whole number from 0 to 5, e.g. #!review --grade 4");
                    DirectiveText.RequireValue(command, "#!review", "--card", "a card q01–q20 or e01–e20, e.g. #!review --card q06");
                    if (command.Status && (command.Grade is not null || command.Card is not null))
                        throw new ArgumentException("#!review --status only shows the schedule: run it without --grade and --card.");
                    if (command.Card is not null) card = ReviewCards.Id(ReviewCards.Find(command.Card));
                    if (command.Grade is not null)
                    {
                        grade = ParseGrade(command.Grade);
                        card ??= lastShown ?? throw new InvalidOperationException("No card to grade: run #!review first to see one, or name it with --card (e.g. #!review --grade 4 --card q06).");
                    }
                }))
                return;

            var today = ReviewEvent.DayOf(DateTimeOffset.Now, TimeZoneInfo.Local);
            if (command.Status)
            {
                var schedule = Schedule(context, command, store);
                if (schedule is null) return;
                var status = schedule.Status(today);
                MagicDisplay.Show(context, command, new MagicOutput(ReviewView.StatusHtml(status), ReviewView.StatusText(status)));
                return;
            }
            if (grade is { } g)
            {
                if (!Record(context, command, store, card!, g, today)) return;
                lastShown = ShowNext(context, command, store, today) ?? lastShown;   // the next card, without asking again
                return;
            }
            var shown = ShowNext(context, command, store, today, only: card);
            if (shown is null) return;
            lastShown = shown;
            lastShown = await AskForGrade(kernel, context, command, store, shown, today) ?? lastShown;
        });
    }

    /// <summary>"0".."5"; anything else is one sentence with what is allowed.</summary>
    static int ParseGrade(string text) =>
        int.TryParse(text.Trim(), out var g) && g is >= 0 and <= 5 ? g
        : throw new ArgumentException($"A review grade is a whole number from 0 to 5 ({ReviewView.GradeScale}); got '{text}'.");

    /// <summary>Shows the next due card (or the named one) and returns its id; null when nothing is due.</summary>
    static string? ShowNext(KernelInvocationContext context, KernelCommand command, ProgressStore store, DateOnly today, string? only = null)
    {
        var schedule = Schedule(context, command, store);
        if (schedule is null) return null;
        var queue = schedule.Due(today);
        var item = only is null ? queue.FirstOrDefault()
            : queue.FirstOrDefault(i => i.Card == only) ?? Early(only, schedule.Memory(only), today);
        if (item is null)
        {
            var nothing = ReviewView.NothingDue(schedule.Status(today));
            MagicDisplay.Show(context, command, new MagicOutput($"<p class=\"nn-review-none\">{System.Net.WebUtility.HtmlEncode(nothing)}</p>", nothing));
            return null;
        }
        var card = ReviewCards.Find(item.Card);
        MagicDisplay.Show(context, command, new MagicOutput(ReviewView.CardHtml(card, item, queue.Count), ReviewView.CardText(card, item, queue.Count)));
        return item.Card;
    }

    /// <summary>A card named with --card that is not in today's queue: reviewed early (or new beyond today's cap).</summary>
    static ReviewItem Early(string card, CardMemory? memory, DateOnly today) =>
        new(card, memory, memory is null ? 0 : today.DayNumber - memory.Due.DayNumber);

    /// <summary>
    /// Asks the front end for the grade. Only when something can answer a RequestInput (VS Code's front-end kernel,
    /// Jupyter's stdin handler on the root kernel): without one the request would fail or, with some clients, never
    /// be answered. A refused or empty answer records nothing. Returns the card shown next after a recorded grade.
    /// </summary>
    static async Task<string?> AskForGrade(Kernel kernel, KernelInvocationContext context, KernelCommand command, ProgressStore store, string card, DateOnly today)
    {
        var root = kernel.RootKernel;
        if (!CanAskForInput(root))
        {
            Say(context, command, ReviewView.NoGrade(card, "this front end cannot ask for input"));
            return null;
        }
        string? answer;
        try
        {
            var result = await root.SendAsync(new RequestInput($"Your grade for {card}, 0–5 ({ReviewView.GradeScale}); leave empty to grade later"));
            answer = result.Events.OfType<InputProduced>().FirstOrDefault()?.Value;
            if (answer is null && result.Events.OfType<CommandFailed>().FirstOrDefault() is { } failed)
            {
                Say(context, command, ReviewView.NoGrade(card, $"the front end could not ask: {failed.Message}"));
                return null;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Say(context, command, ReviewView.NoGrade(card, $"the front end could not ask: {e.Message}"));
            return null;
        }
        if (string.IsNullOrWhiteSpace(answer))
        {
            Say(context, command, ReviewView.NoGrade(card, "no answer given"));
            return null;
        }
        int grade = 0;
        if (!MagicErrors.Try(context, command, () => grade = ParseGrade(answer))) return null;
        return Record(context, command, store, card, grade, today) ? ShowNext(context, command, store, today) : null;
    }

    static bool CanAskForInput(Kernel root) =>
        root.SupportsCommandType(typeof(RequestInput))
        || root is CompositeKernel composite && composite.ChildKernels.Any(k => k.KernelInfo.SupportedKernelCommands.Any(c => c.Name == nameof(RequestInput)));

    /// <summary>Appends the review record and says when the card comes back; false (and the command failed) when it could not be saved.</summary>
    static bool Record(KernelInvocationContext context, KernelCommand command, ProgressStore store, string card, int grade, DateOnly today)
    {
        try { store.Append(new ProgressRecord(ProgressRecord.Review, card, DateTimeOffset.Now, Grade: grade)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            context.Fail(command, message: $"Your grade was not recorded: {e.Message}");
            return false;
        }
        Notice(context, command, store);
        var schedule = Schedule(context, command, store);
        var memory = schedule?.Memory(card);
        if (memory is not null) Say(context, command, ReviewView.Recorded(card, grade, memory, today));
        return true;
    }

    /// <summary>The schedule replayed from the progress file; a file set aside as unreadable is said, not hidden.</summary>
    static ReviewSchedule? Schedule(KernelInvocationContext context, KernelCommand command, ProgressStore store)
    {
        IReadOnlyList<ProgressRecord> records;
        try { records = store.Read(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            context.Fail(command, message: $"Your practice progress could not be read: {e.Message}");
            return null;
        }
        Notice(context, command, store);
        return ReviewSchedule.Replay(records, TimeZoneInfo.Local);
    }

    static void Notice(KernelInvocationContext context, KernelCommand command, ProgressStore store)
    {
        if (store.Notice is { } notice) Say(context, command, notice);
    }

    static void Say(KernelInvocationContext context, KernelCommand command, string text) =>
        MagicDisplay.Show(context, command, new MagicOutput($"<p class=\"nn-review-note\">{System.Net.WebUtility.HtmlEncode(text)}</p>", text));
}
