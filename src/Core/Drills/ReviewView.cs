using System.Net;
using System.Text;
using NeuralNotebooks.Display;
using NeuralNotebooks.Questions;

namespace NeuralNotebooks.Drills;

/// <summary>What <c>#!review</c> shows, as HTML (notebooks, no script) and as text (consoles, the runner).</summary>
public static class ReviewView
{
    /// <summary>SM-2's grades in one line, in our words.</summary>
    public const string GradeScale =
        "5 right at once · 4 right after some thought · 3 right but with real effort · 2 wrong, though the answer looked familiar · 1 wrong, the answer rang a bell · 0 blank";

    public const string AnswerAloud = "Answer aloud (as in the interview), then open the answer and grade yourself.";

    /// <summary>The card to review: question in both languages, the short answer and key points folded, today's count.</summary>
    public static string CardHtml(InterviewCard card, ReviewItem item, int dueToday) =>
        new StringBuilder("<div class=\"nn-review\">")
            .Append($"<p class=\"nn-review-head\"><b>Review {ReviewCards.Id(card)}</b> · {Encode(Where(item))} · {Encode(Count(dueToday))}</p>")
            .Append($"<p class=\"nn-review-aloud\"><i>{Encode(AnswerAloud)}</i></p>")
            .Append(InterviewCardView.ToHtml(Front(card), CardLanguage.Both, answerFolded: true))
            .Append($"<p class=\"nn-review-scale\" style=\"font-size:smaller\">Grades: {Encode(GradeScale)}</p>")
            .Append("</div>").ToString();

    public static string CardText(InterviewCard card, ReviewItem item, int dueToday) =>
        $"Review {ReviewCards.Id(card)} · {Where(item)} · {Count(dueToday)}\n{AnswerAloud}\n\n{InterviewCardView.ToText(Front(card))}\n\nGrades: {GradeScale}";

    /// <summary>What the learner sees after a grade was recorded.</summary>
    public static string Recorded(string card, int grade, CardMemory memory, DateOnly today) =>
        $"Recorded {card}: grade {grade}. Next review of {card} {When(memory.Due, today)}.";

    /// <summary>Why no grade was recorded and what to run instead.</summary>
    public static string NoGrade(string card, string reason) =>
        $"No grade recorded ({reason}): after answering, run #!review --grade N (N from 0 to 5) to grade {card}.";

    public static string NothingDue(ReviewStatus status) =>
        "Nothing to review today." + (status.Upcoming.Count > 0 ? $" Next: {string.Join(", ", status.Upcoming[0].Cards)} {When(status.Upcoming[0].Day, status.Today)}." : "");

    public static string StatusText(ReviewStatus status)
    {
        var text = new StringBuilder($"Review on {status.Today:yyyy-MM-dd}: {status.DueCount} due today, {status.NewToday} new for today ({status.NeverSeen} never seen), {status.Learned} learned.");
        if (status.Queue.Count > 0) text.Append($"\nToday: {string.Join(", ", status.Queue.Select(Label))}");
        if (status.Upcoming.Count > 0)
            text.Append("\nNext: " + string.Join("; ", status.Upcoming.Take(5).Select(u => $"{When(u.Day, status.Today)}: {string.Join(", ", u.Cards)}")));
        return text.ToString();
    }

    public static string StatusHtml(ReviewStatus status)
    {
        var html = new StringBuilder("<div class=\"nn-review-status\">")
            .Append($"<p>Review on {status.Today:yyyy-MM-dd}: <b>{status.DueCount}</b> due today, <b>{status.NewToday}</b> new for today ({status.NeverSeen} never seen), <b>{status.Learned}</b> learned.</p>");
        if (status.Queue.Count > 0) html.Append($"<p class=\"nn-review-today\">Today: {Encode(string.Join(", ", status.Queue.Select(Label)))}</p>");
        if (status.Upcoming.Count > 0)
        {
            html.Append("<ul class=\"nn-review-next\">");
            foreach (var u in status.Upcoming.Take(5)) html.Append($"<li>{Encode(When(u.Day, status.Today))}: {Encode(string.Join(", ", u.Cards))}</li>");
            html.Append("</ul>");
        }
        return html.Append("</div>").ToString();
    }

    /// <summary>The question side: the short answer and key points stay (folded by the card view), the rest waits for the notebook.</summary>
    static InterviewCard Front(InterviewCard card) =>
        card with { Depth = "", CommonMistakes = [], GuideShortfall = null, FollowUps = [], Whiteboard = null };

    static string Where(ReviewItem item) =>
        item.IsNew ? "new card" : item.DaysOverdue switch
        {
            -1 => "early: due tomorrow",
            < 0 and var d => $"early: due in {-d} days",
            0 => "due today",
            1 => "overdue by 1 day",
            var d => $"overdue by {d} days",
        };

    static string Count(int dueToday) => dueToday == 1 ? "1 card to review today" : $"{dueToday} cards to review today";

    static string Label(ReviewItem item) => item.IsNew ? item.Card + " (new)" : item.DaysOverdue > 0 ? $"{item.Card} (+{item.DaysOverdue} d)" : item.Card;

    static string When(DateOnly day, DateOnly today) => (day.DayNumber - today.DayNumber) switch
    {
        <= 0 => $"today ({day:yyyy-MM-dd})",
        1 => $"tomorrow ({day:yyyy-MM-dd})",
        var n => $"in {n} days ({day:yyyy-MM-dd})",
    };

    static string Encode(string s) => WebUtility.HtmlEncode(s);
}
