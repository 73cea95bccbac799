using Microsoft.CodeAnalysis.Scripting;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Directives;
using NeuralNotebooks.Practice;
using NeuralNotebooks.Practice.Progress;

namespace NeuralNotebooks.Extension.Directives;

/// <summary><c>#!practice &lt;id&gt;</c>: choose the exercise and show its task card.</summary>
public sealed class PracticeCommand : KernelDirectiveCommand
{
    public string? Exercise { get; set; }
}

/// <summary><c>#!check [id]</c>: grade the learner's functions of the current exercise.</summary>
public sealed class CheckCommand : KernelDirectiveCommand
{
    public string? Exercise { get; set; }
}

/// <summary><c>#!hint [id]</c>: the next hint.</summary>
public sealed class HintCommand : KernelDirectiveCommand
{
    public string? Exercise { get; set; }
}

/// <summary><c>#!solution [id]</c>: the reference code, after a graded attempt.</summary>
public sealed class SolutionCommand : KernelDirectiveCommand
{
    public string? Exercise { get; set; }
}

/// <summary><c>#!progress</c>: all 20 exercises and where the learner stands.</summary>
public sealed class ProgressCommand : KernelDirectiveCommand;

/// <summary>
/// Practice mode's magic commands. Glue only: the grader, the catalog, the reference source and the progress store
/// are Core's. <c>#!check</c> finds the learner's functions by name in the C# kernel's script state (the names the
/// starter cell declares) and converts them to the grader's delegate types, so a missing function or a changed
/// signature is one sentence, not a compiler error.
/// </summary>
static class PracticeDirectives
{
    /// <summary>The exercise <c>#!practice</c> chose last in this kernel.</summary>
    static string? current;

    public static void AddTo(CSharpKernel kernel)
    {
        IEnumerable<string> Ids() => PracticeCatalog.Exercises.Select(e => e.Id);
        KernelDirectiveParameter Exercise(bool required) =>
            new KernelDirectiveParameter("--exercise", $"An exercise with a practice: {string.Join(", ", Ids())}") { AllowImplicitName = true, Required = required }
                .AddCompletions(Ids);

        kernel.AddDirective<PracticeCommand>(new KernelActionDirective("#!practice")
        {
            Description = "Practice an exercise: write its key piece yourself, then #!check grades it.",
            Parameters = [Exercise(required: true)],
        }, (command, context) =>
        {
            MagicErrors.Try(context, command, () =>
            {
                var exercise = PracticeCatalog.Practice(command.Exercise);
                current = exercise.Id;
                MagicDisplay.Show(context, command, new MagicOutput(TaskCard.ToHtml(exercise), TaskCard.ToText(exercise)));
            });
            return Task.CompletedTask;
        });

        kernel.AddDirective<CheckCommand>(new KernelActionDirective("#!check")
        {
            Description = "Grade your functions of the current practice exercise: shapes, values, gradients, masks, stability…",
            Parameters = [Exercise(required: false)],
        }, (command, context) => Check(kernel, command, context));

        kernel.AddDirective<HintCommand>(new KernelActionDirective("#!hint")
        {
            Description = "The next hint of the current practice exercise, from vague to specific.",
            Parameters = [Exercise(required: false)],
        }, (command, context) =>
        {
            MagicErrors.Try(context, command, () => Hint(context, command, Chosen(command.Exercise)));
            return Task.CompletedTask;
        });

        kernel.AddDirective<SolutionCommand>(new KernelActionDirective("#!solution")
        {
            Description = "The reference code of the current practice exercise (after at least one #!check); its use is recorded.",
            Parameters = [Exercise(required: false)],
        }, (command, context) =>
        {
            MagicErrors.Try(context, command, () => Solution(context, command, Chosen(command.Exercise)));
            return Task.CompletedTask;
        });

        kernel.AddDirective<ProgressCommand>(new KernelActionDirective("#!progress")
        {
            Description = "Your practice progress: all 20 exercises with not tried / failing / passed / passed after solution.",
        }, (command, context) =>
        {
            MagicErrors.Try(context, command, () =>
            {
                var store = ProgressStore.Default();
                var records = store.Read();
                Notice(context, command, store);
                var review = Drills.ReviewSchedule.Replay(records, TimeZoneInfo.Local).Status(Drills.ReviewEvent.DayOf(DateTimeOffset.Now, TimeZoneInfo.Local));
                var line = $"review: {review.DueCount} due today, {review.NewToday} new (#!review)";
                MagicDisplay.Show(context, command, new MagicOutput(
                    ProgressView.ToHtml(records) + $"<p class=\"nn-review-line\">{System.Net.WebUtility.HtmlEncode(line)}</p>", ProgressView.ToText(records) + "\n" + line));
            });
            return Task.CompletedTask;
        });
    }

    static PracticeExercise Chosen(string? id)
    {
        if (!string.IsNullOrWhiteSpace(id)) return PracticeCatalog.Practice(id);
        if (current is null)
            throw new InvalidOperationException($"No practice exercise chosen: run #!practice <id> first ({string.Join(", ", PracticeCatalog.Exercises.Select(e => e.Id))}).");
        return PracticeCatalog.Practice(current);
    }

    static async Task Check(CSharpKernel kernel, CheckCommand command, KernelInvocationContext context)
    {
        PracticeExercise? exercise = null;
        if (!MagicErrors.Try(context, command, () => exercise = Chosen(command.Exercise))) return;
        Delegate[] functions;
        try { functions = await LearnerFunctions(kernel, exercise!); }
        catch (InvalidOperationException e) { context.Fail(command, message: e.Message); return; }

        var report = NeuralNotebooks.Practice.Practice.Check(exercise!.Id, functions, new CheckOptions { Seed = Runtime.Seed.Current });
        MagicDisplay.Show(context, command, new MagicOutput(CheckReportView.ToHtml(report), CheckReportView.ToText(report)));
        Record(context, command, new ProgressRecord(ProgressRecord.Attempt, exercise.Id, DateTimeOffset.Now, report.Passed, report.FailedProperty));
        if (!report.Passed) context.Fail(command, message: report.Summary);
    }

    /// <summary>The learner's functions, by the names the starter declares, as the grader's delegate types.</summary>
    static async Task<Delegate[]> LearnerFunctions(CSharpKernel kernel, PracticeExercise exercise)
    {
        var state = kernel.ScriptState
            ?? throw new InvalidOperationException($"Nothing to grade yet: run the cell marked '// Your code' first (it defines {exercise.Functions[0].Name}).");
        var code = "new System.Delegate[] { " + string.Join(", ", exercise.Functions.Select(f => $"new {f.DelegateTypeName}({f.Name})")) + " }";
        try
        {
            return (await state.ContinueWithAsync<Delegate[]>(code)).ReturnValue;
        }
        catch (CompilationErrorException e)
        {
            var messages = e.Diagnostics.Select(d => d.GetMessage()).ToArray();
            foreach (var f in exercise.Functions)
            {
                if (messages.Any(m => m.Contains($"'{f.Name}' does not exist", StringComparison.Ordinal)))
                    throw new InvalidOperationException($"No function named {f.Name} yet: run the cell marked '// Your code' (it declares {f.Signature}).");
                if (messages.Any(m => m.Contains($"'{f.Name}'", StringComparison.Ordinal)))
                    throw new InvalidOperationException($"{f.Name} has the wrong signature: it must be {f.Signature}, as in the starter cell.");
            }
            throw new InvalidOperationException($"Cannot read your functions: {messages.FirstOrDefault()}");
        }
    }

    static void Hint(KernelInvocationContext context, KernelCommand command, PracticeExercise exercise)
    {
        var store = ProgressStore.Default();
        var shown = store.Status(exercise.Id).HintsShown;
        var number = Math.Min(shown + 1, exercise.Hints.Count);
        if (shown < exercise.Hints.Count) Record(context, command, new ProgressRecord(ProgressRecord.Hint, exercise.Id, DateTimeOffset.Now, HintNumber: number));
        var last = number == exercise.Hints.Count ? " That is the last hint; #!solution shows the reference after a graded attempt." : "";
        var text = $"Hint {number} of {exercise.Hints.Count} (practice {exercise.Id}): {exercise.Hints[number - 1]}{last}";
        MagicDisplay.Show(context, command, new MagicOutput($"<div class=\"nn-hint\">{System.Net.WebUtility.HtmlEncode(text)}</div>", text));
    }

    static void Solution(KernelInvocationContext context, KernelCommand command, PracticeExercise exercise)
    {
        var store = ProgressStore.Default();
        if (store.Status(exercise.Id).Attempts == 0)
            throw new InvalidOperationException($"#!solution shows the reference of practice {exercise.Id} after at least one graded attempt: write your version and run #!check first.");
        var code = ReferenceSource.For(exercise);
        Record(context, command, new ProgressRecord(ProgressRecord.Solution, exercise.Id, DateTimeOffset.Now));
        var head = $"Reference for practice {exercise.Id} (src/Core/Practice/{exercise.ReferenceFile}, #region {exercise.ReferenceRegion}); its use is recorded in #!progress.";
        MagicDisplay.Show(context, command, new MagicOutput(
            $"<div class=\"nn-solution\"><p>{System.Net.WebUtility.HtmlEncode(head)}</p><pre>{System.Net.WebUtility.HtmlEncode(code)}</pre></div>", head + "\n" + code));
    }

    /// <summary>Records in the progress store; a store problem is shown, never hides the command's own output.</summary>
    static void Record(KernelInvocationContext context, KernelCommand command, ProgressRecord record)
    {
        var store = ProgressStore.Default();
        try { store.Append(record); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            var text = $"Not recorded in your progress: {e.Message}";
            MagicDisplay.Show(context, command, new MagicOutput($"<div class=\"nn-warning\">{System.Net.WebUtility.HtmlEncode(text)}</div>", text));
        }
        Notice(context, command, store);
    }

    static void Notice(KernelInvocationContext context, KernelCommand command, ProgressStore store)
    {
        if (store.Notice is { } notice)
            MagicDisplay.Show(context, command, new MagicOutput($"<div class=\"nn-warning\">{System.Net.WebUtility.HtmlEncode(notice)}</div>", notice));
    }
}
