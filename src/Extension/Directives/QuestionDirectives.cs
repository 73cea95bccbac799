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

/// <summary><c>#!quiz [--topic &lt;name&gt;] [--count N] [--topics]</c>: a random card (or N for a mock interview), answers folded away.</summary>
public sealed class QuizCommand : KernelDirectiveCommand
{
    public string? Topic { get; set; }
    public string? Count { get; set; }
    public bool Topics { get; set; }
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
            Description = "A random interview card with its answer in a collapsed block, or --count N cards for a mock interview (seeded by #!seed).",
            Parameters =
            [
                new KernelDirectiveParameter("--topic", "Only cards tagged with this topic").AddCompletions(() => QuestionBank.Topics),
                new KernelDirectiveParameter("--count", "A mock interview: this many different cards, numbered"),
                new KernelDirectiveParameter("--topics", "List the topics with their card counts") { Flag = true },
            ],
        };
        kernel.AddDirective<QuizCommand>(quiz, (command, context) =>
        {
            MagicErrors.Try(context, command, () =>
            {
                DirectiveText.RequireValue(command, "#!quiz", "--count", "the number of cards for a mock interview, e.g. #!quiz --count 5");
                if (command.Topics)
                {
                    var topics = Quiz.TopicCounts(QuestionBank.All);
                    MagicDisplay.Show(context, command, new MagicOutput(MockInterviewView.TopicsHtml(topics), MockInterviewView.TopicsText(topics)));
                    return;
                }
                if (command.Count is not null)
                {
                    var cards = Quiz.Mock(QuestionBank.All, command.Topic, command.Count, Seed.Random);
                    MagicDisplay.Show(context, command, new MagicOutput(MockInterviewView.ToHtml(cards), MockInterviewView.ToText(cards)));
                    return;
                }
                var card = Quiz.Pick(QuestionBank.All, command.Topic, Seed.Random);
                MagicDisplay.Show(context, command, new MagicOutput(InterviewCardView.ToHtml(card, CardLanguage.Both, answerFolded: true), InterviewCardView.ToText(card, CardLanguage.Both)));
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
            MagicDisplay.Show(context, command, new MagicOutput(InterviewCardView.ToHtml(card, language), InterviewCardView.ToText(card, language)));
        });
        return Task.CompletedTask;
    }
}
