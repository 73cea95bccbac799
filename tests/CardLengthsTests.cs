using NeuralNotebooks.Display;
using NeuralNotebooks.Questions;

namespace NeuralNotebooks.Tests;

/// <summary>
/// Every question card answers at three lengths: 30 seconds (ShortAnswer), two minutes (Depth) and the whiteboard
/// (formulas and/or a ```text diagram, 3 to 10 lines). Exercise cards may have a whiteboard; if they do, the same rules hold.
/// </summary>
public class CardLengthsTests
{
    [Fact]
    public void Every_question_card_has_all_three_lengths_and_its_whiteboard_draws_something()
    {
        Assert.All(QuestionBank.Questions, card =>
        {
            var id = $"q{card.Number:00}";
            Assert.True(Words(card.ShortAnswer) >= 25, $"{id}: the 30-second answer has fewer than 25 words");
            Assert.True(Words(card.Depth) > Words(card.ShortAnswer), $"{id}: the two-minute answer is not longer than the 30-second one");
            Assert.False(string.IsNullOrWhiteSpace(card.Whiteboard), $"{id}: no whiteboard version");
            AssertWhiteboard(id, card.Whiteboard!);
        });
    }

    [Fact]
    public void An_exercise_whiteboard_when_there_is_one_follows_the_same_rules()
    {
        foreach (var card in QuestionBank.Exercises.Where(c => c.Whiteboard is not null))
            AssertWhiteboard($"e{card.Number:00}", card.Whiteboard!);
    }

    [Fact]
    public void The_rules_reject_a_whiteboard_that_is_only_prose_or_too_long()
    {
        Assert.ThrowsAny<Exception>(() => AssertWhiteboard("prose", "Say that it learns.\nThen say it generalises.\nThen stop."));
        Assert.ThrowsAny<Exception>(() => AssertWhiteboard("long", string.Join("\n", Enumerable.Repeat("$x = y$", 11))));
        Assert.ThrowsAny<Exception>(() => AssertWhiteboard("csharp", "$x$\n```csharp\nvar x = 1;\n```\n$y$"));
        AssertWhiteboard("fine", "The rule:\n$y = Wx + b$\n```text\nx ─► y\n```");
    }

    static void AssertWhiteboard(string id, string whiteboard)
    {
        var lines = whiteboard.Split('\n').Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith("```", StringComparison.Ordinal)).ToArray();
        Assert.True(lines.Length is >= 3 and <= 10, $"{id}: the whiteboard has {lines.Length} lines; allowed 3 to 10 (what fits on a board in two minutes)");
        var blocks = InterviewCardView.WhiteboardBlocks(whiteboard);
        var hasFormula = MathText.Formulas(whiteboard).Count > 0;
        var hasDiagram = blocks.Any(b => b.IsDiagram && b.Lines.Count > 0);
        Assert.True(hasFormula || hasDiagram, $"{id}: the whiteboard has neither a $formula$ nor a ```text diagram");
        var fences = whiteboard.Split('\n').Where(l => l.TrimStart().StartsWith("```", StringComparison.Ordinal)).ToArray();
        Assert.True(fences.Length % 2 == 0, $"{id}: an unclosed ``` fence");
        Assert.All(fences.Where((_, i) => i % 2 == 0), f => Assert.True(f.Trim() == "```text", $"{id}: a whiteboard diagram is a ```text block, not '{f.Trim()}' (never C#)"));
        Assert.All(blocks.Where(b => b.IsDiagram).SelectMany(b => b.Lines), l => Assert.True(!l.Contains('$') && !l.Contains('\\'), $"{id}: TeX inside a diagram does not render: '{l}'"));
    }

    static int Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
}
