using NeuralNotebooks.Display;
using NeuralNotebooks.Questions;
using NeuralNotebooks.Training;
using static NeuralNotebooks.Tests.Display.XhtmlTestKit;

namespace NeuralNotebooks.Tests.Display;

public class CardAndChartTests
{
    static readonly InterviewCard Full = new(7, CardKind.Question, "Why ReLU?", "为什么用ReLU？",
        "It keeps gradients alive: `max(0, x)` has slope 1 for x > 0.", "Sigmoid saturates.\n\nReLU does not, for x > 0.",
        ["slope 1", "sparse"], ["saying ReLU has **no** problems"], "The guide says ReLU never dies.",
        [new FollowUp("What is a dead ReLU?", "One whose input is always negative.")], ["activations"], "questions/07-relu.ipynb");

    [Fact]
    public void A_card_shows_every_field_it_has()
    {
        var html = Parse(InterviewCardView.ToHtml(Full));

        Assert.Equal("Why ReLU?", WithClass(html, "nn-title-en").Single().Value);
        Assert.Equal("max(0, x)", WithClass(html, "nn-short-answer").Single().Descendants("code").Single().Value);
        Assert.Equal(2, WithClass(html, "nn-depth").Single().Elements("p").Count());
        Assert.Equal(new[] { "slope 1", "sparse" }, WithClass(html, "nn-key-points").Single().Descendants("li").Select(l => l.Value));
        Assert.Equal("no", WithClass(html, "nn-common-mistakes").Single().Descendants("li").Single().Element("strong")!.Value);
        Assert.Single(WithClass(html, "nn-guide-shortfall"));
        Assert.Contains("What is a dead ReLU?", WithClass(html, "nn-follow-ups").Single().Value);
        Assert.Empty(WithClass(html, "nn-pending"));
    }

    [Fact]
    public void A_card_without_an_answer_yet_says_so()
    {
        var empty = Full with { ShortAnswer = "", Depth = "", KeyPoints = [], CommonMistakes = [], GuideShortfall = null, FollowUps = [] };
        Assert.Single(WithClass(Parse(InterviewCardView.ToHtml(empty)), "nn-pending"));
        Assert.Equal("Question 7\nWhy ReLU?\n为什么用ReLU？\n\nGoes deeper: notebooks/questions/07-relu.ipynb",
            InterviewCardView.ToText(empty).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void The_quiz_picks_within_a_topic_and_names_the_topics_when_one_is_unknown()
    {
        var other = Full with { Number = 8, Topics = ["optimisation"] };
        Assert.Equal(7, Quiz.Pick([Full, other], "activations", new Random(1)).Number);
        Assert.Equal("Unknown topic 'x'. Allowed: activations, optimisation.",
            Assert.Throws<ArgumentException>(() => Quiz.Pick([Full, other], "x", new Random(1))).Message);
    }

    [Fact]
    public void A_history_chart_has_a_panel_per_metric_with_train_and_validation_lines()
    {
        var history = new TrainingHistory();
        for (int e = 1; e <= 4; e++)
            history.AddEpoch(new EpochRecord(e, TimeSpan.FromSeconds(e),
                new Dictionary<string, double> { ["loss"] = 1.0 / e, ["accuracy"] = 0.5 + e / 10.0 },
                new Dictionary<string, double> { ["loss"] = 1.1 / e }));
        var html = Parse(TrainingCharts.ToHtml(history));
        var panels = WithClass(html, "nn-chart").ToArray();

        Assert.Equal(new[] { "loss", "accuracy" }, panels.Select(p => (string)p.Attribute("data-metric")!));
        string[] Lines(int panel) => panels[panel].Descendants().Where(e => e.Name.LocalName == "polyline").Select(l => (string)l.Attribute("data-series")!).ToArray();
        Assert.Equal(new[] { "train", "validation" }, Lines(0));
        Assert.Equal(new[] { "train" }, Lines(1));
        var points = ((string)panels[0].Descendants().First(e => e.Name.LocalName == "polyline").Attribute("points")!).Split(' ');
        Assert.Equal(4, points.Length);
    }
}
