using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;
using NeuralNotebooks.Display;
using NeuralNotebooks.Questions;
using NeuralNotebooks.Runtime;

namespace NeuralNotebooks.Extension.Directives;

/// <summary><c>#!question &lt;1-20&gt; [--lang en|zh|both]</c>.</summary>
public sealed class QuestionCommand : KernelDirectiveCommand
{
    public string? Number { get; set; }
    public string? Lang { get; set; }
}

/// <summary><c>#!exercise &lt;1-20&gt; [--lang en|zh|both]</c>.</summary>
public sealed class ExerciseCommand : KernelDirectiveCommand
{
    public string? Number { get; set; }
    public string? Lang { get; set; }
}

/// <summary><c>#!quiz [--topic &lt;name&gt;]</c>: a random card, its answer folded away.</summary>
public sealed class QuizCommand : KernelDirectiveCommand
{
    public string? Topic { get; set; }
}

/// <summary>The interview-card commands: one source (Core's QuestionBank), one renderer (InterviewCardView).</summary>
static class QuestionDirectives
{
    public static void AddTo(Kernel kernel)
    {
        kernel.AddDirective<QuestionCommand>(CardDirective("#!question", "Show interview question N (1-20) of section 一: our answer, key points, common mistakes."),
            (command, context) => ShowCard(context, command, command.Number, command.Lang, QuestionBank.Question));
        kernel.AddDirective<ExerciseCommand>(CardDirective("#!exercise", "Show coding exercise N (1-20) of section 二: what to build, pitfalls, the notebook that implements it."),
            (command, context) => ShowCard(context, command, command.Number, command.Lang, QuestionBank.Exercise));

        var quiz = new KernelActionDirective("#!quiz")
        {
            Description = "A random interview card with its answer in a collapsed block (seeded by #!seed).",
            Parameters = [new KernelDirectiveParameter("--topic", "Only cards tagged with this topic").AddCompletions(() => QuestionBank.Topics)],
        };
        kernel.AddDirective<QuizCommand>(quiz, (command, context) =>
        {
            MagicErrors.Try(context, command, () =>
            {
                var card = Quiz.Pick(QuestionBank.All, command.Topic, Seed.Random);
                context.Display(new MagicOutput(InterviewCardView.ToHtml(card, CardLanguage.Both, answerFolded: true), InterviewCardView.ToText(card, CardLanguage.Both)));
            });
            return Task.CompletedTask;
        });
    }

    static KernelActionDirective CardDirective(string name, string description) => new(name)
    {
        Description = description,
        Parameters =
        [
            new KernelDirectiveParameter("--number", $"1 to {QuestionBank.Count}") { AllowImplicitName = true, Required = true }
                .AddCompletions(() => Enumerable.Range(1, QuestionBank.Count).Select(i => i.ToString())),
            new KernelDirectiveParameter("--lang", "en, zh or both (default both)").AddCompletions(() => ["en", "zh", "both"]),
        ],
    };

    static Task ShowCard(KernelInvocationContext context, KernelCommand command, string? number, string? lang, Func<int, InterviewCard> find)
    {
        MagicErrors.Try(context, command, () =>
        {
            if (!int.TryParse(number, out var n))
                throw new ArgumentException($"Expected a card number from 1 to {QuestionBank.Count}; got '{number}'.");
            var language = InterviewCardView.ParseLanguage(lang);
            var card = find(n);
            context.Display(new MagicOutput(InterviewCardView.ToHtml(card, language), InterviewCardView.ToText(card, language)));
        });
        return Task.CompletedTask;
    }
}
