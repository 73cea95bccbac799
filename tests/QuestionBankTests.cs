using NeuralNotebooks.Questions;

namespace NeuralNotebooks.Tests;

public class QuestionBankTests
{
    [Fact]
    public void It_holds_twenty_questions_and_twenty_exercises_numbered_in_order()
    {
        Assert.Equal(Enumerable.Range(1, 20), QuestionBank.Questions.Select(c => c.Number));
        Assert.Equal(Enumerable.Range(1, 20), QuestionBank.Exercises.Select(c => c.Number));
    }

    [Fact]
    public void Every_card_is_filled_in()
    {
        Assert.All(QuestionBank.All, card =>
        {
            var id = $"{card.Kind} {card.Number}";
            Assert.False(string.IsNullOrWhiteSpace(card.TitleEn), id);
            Assert.False(string.IsNullOrWhiteSpace(card.TitleZh), id);
            Assert.False(string.IsNullOrWhiteSpace(card.ShortAnswer), $"{id}: no short answer");
            Assert.False(string.IsNullOrWhiteSpace(card.Depth), $"{id}: no depth");
            Assert.True(card.KeyPoints.Count >= 2, $"{id}: fewer than two key points");
            Assert.True(card.CommonMistakes.Count >= 1, $"{id}: no common mistakes");
            Assert.InRange(card.FollowUps.Count, 3, 5);
            Assert.NotEmpty(card.Topics);
            Assert.All(card.Topics, t => Assert.Equal(t.ToLowerInvariant(), t));
        });
    }

    [Fact]
    public void Every_exercise_card_says_what_the_guide_got_wrong()
    {
        Assert.All(QuestionBank.Exercises, c => Assert.False(string.IsNullOrWhiteSpace(c.GuideShortfall), $"exercise {c.Number}"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(21)]
    public void A_number_out_of_range_names_the_allowed_range(int number)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => QuestionBank.Question(number));
        Assert.Contains("Allowed: 1 to 20", e.Message);
    }

    [Fact]
    public void Notebook_paths_follow_the_guides_numbering()
    {
        Assert.All(QuestionBank.All, c =>
            Assert.StartsWith($"{(c.Kind == CardKind.Question ? "questions" : "exercises")}/{c.Number:00}-", c.Notebook));
    }
}
