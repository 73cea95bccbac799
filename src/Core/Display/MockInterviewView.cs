using System.Net;
using System.Text;
using NeuralNotebooks.Questions;

namespace NeuralNotebooks.Display;

/// <summary>A mock interview (<c>#!quiz --count N</c>) and the topic list (<c>#!quiz --topics</c>), as HTML and text.</summary>
public static class MockInterviewView
{
    /// <summary>The cards numbered in the order to answer them, each answer folded.</summary>
    public static string ToHtml(IReadOnlyList<InterviewCard> cards)
    {
        var html = new StringBuilder($"<div class=\"nn-mock-interview\"><p><b>Mock interview: {cards.Count} {Cards(cards.Count)}.</b> Answer each aloud, then open its answer.</p><ol>");
        foreach (var card in cards) html.Append($"<li>{InterviewCardView.ToHtml(card, CardLanguage.Both, answerFolded: true)}</li>");
        return html.Append("</ol></div>").ToString();
    }

    /// <summary>The questions only, numbered: a console has nothing to fold an answer into.</summary>
    public static string ToText(IReadOnlyList<InterviewCard> cards) =>
        $"Mock interview: {cards.Count} {Cards(cards.Count)}. Answer each aloud, then look it up with #!question N or #!exercise N.\n"
        + string.Join("\n", cards.Select((c, i) => $"{i + 1}. {InterviewCardView.Label(c)}: {c.TitleEn} / {c.TitleZh}"));

    public static string TopicsHtml(IReadOnlyList<(string Topic, int Cards)> topics) =>
        $"<div class=\"nn-quiz-topics\"><p>{topics.Count} topics (#!quiz --topic NAME):</p><ul>"
        + string.Concat(topics.Select(t => $"<li><code>{WebUtility.HtmlEncode(t.Topic)}</code> {t.Cards}</li>"))
        + "</ul></div>";

    public static string TopicsText(IReadOnlyList<(string Topic, int Cards)> topics) =>
        $"{topics.Count} topics (#!quiz --topic NAME):\n" + string.Join("\n", topics.Select(t => $"{t.Topic}  {t.Cards}"));

    static string Cards(int n) => n == 1 ? "card" : "cards";
}
