using System.Text.RegularExpressions;
using NeuralNotebooks.Display;
using NeuralNotebooks.Questions;
using static NeuralNotebooks.Tests.Display.XhtmlTestKit;

namespace NeuralNotebooks.Tests.Display;

/// <summary>Card math reads as Unicode in kernel outputs: no TeX source left in any field of any card, HTML or text.</summary>
public partial class MathTextTests
{
    static IEnumerable<(string Id, string Field, string Text)> Fields(InterviewCard c)
    {
        var id = $"{(c.Kind == CardKind.Question ? 'q' : 'e')}{c.Number:00}";
        yield return (id, "titleEn", c.TitleEn);
        yield return (id, "shortAnswer", c.ShortAnswer);
        yield return (id, "depth", c.Depth);
        if (c.Whiteboard is not null) yield return (id, "whiteboard", c.Whiteboard);
        if (c.GuideShortfall is not null) yield return (id, "guideShortfall", c.GuideShortfall);
        foreach (var (k, i) in c.KeyPoints.Select((k, i) => (k, i))) yield return (id, $"keyPoints[{i}]", k);
        foreach (var (m, i) in c.CommonMistakes.Select((m, i) => (m, i))) yield return (id, $"commonMistakes[{i}]", m);
        foreach (var (f, i) in c.FollowUps.Select((f, i) => (f, i))) { yield return (id, $"followUps[{i}].question", f.Question); yield return (id, $"followUps[{i}].answer", f.Answer); }
    }

    static IEnumerable<(string Id, string Field, string Text)> AllFields => QuestionBank.All.SelectMany(Fields);

    [Fact]
    public void No_card_uses_a_command_the_converter_does_not_know()
    {
        var unknown = AllFields.SelectMany(f => MathText.UnknownCommands(f.Text).Select(c => $"\\{c} ({f.Id} {f.Field})")).ToArray();
        Assert.True(unknown.Length == 0, "TeX commands MathText does not convert (add them to MathText): " + string.Join(", ", unknown));
    }

    [Fact]
    public void An_unknown_command_is_listed_not_hidden()
    {
        Assert.Equal(["frobnicate", "oint"], MathText.UnknownCommands(@"known $\alpha + \frobnicate x$ and $\oint f$ but not \outside"));
        Assert.Empty(MathText.UnknownCommands(@"$\partial L/\partial W = g^\top x$"));
    }

    [Fact]
    public void Every_field_of_every_card_converts_to_text_and_html_without_tex()
    {
        var problems = new List<string>();
        foreach (var (id, field, text) in AllFields)
        {
            var asText = MathText.ToText(text);
            var asHtml = MathText.Replace(text, MathText.FormulaToHtml);
            foreach (var (form, output) in new[] { ("text", asText), ("html", asHtml) })
            {
                var outside = CodeSpans().Replace(output, "");       // `code` may hold anything
                if (outside.Contains('$')) problems.Add($"{id} {field} ({form}): a $ is left");
                if (TexCommand().Match(outside) is { Success: true } m) problems.Add($"{id} {field} ({form}): '{m.Value}' is left");
                if (outside.Contains("^{") || outside.Contains("_{")) problems.Add($"{id} {field} ({form}): a ^{{ or _{{ is left");
                if (MathText.Formulas(text).Select(form == "text" ? MathText.FormulaToText : (Func<string, string>)MathText.FormulaToHtml).Any(f => f.Contains('{') || f.Contains('}')))
                    problems.Add($"{id} {field} ({form}): a brace is left in a formula");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [GeneratedRegex(@"\\[A-Za-z]+")] private static partial Regex TexCommand();
    [GeneratedRegex("`[^`]*`")] private static partial Regex CodeSpans();

    [Theory]
    [InlineData(@"\partial L/\partial W = g^\top x", "∂L/∂W = gᵀx")]
    [InlineData(@"y=\gamma\,(x-\mu)/\sqrt{\sigma^2+\epsilon}+\beta", "y = γ\u2009(x − μ)/√(σ² + ε) + β")]
    [InlineData(@"\hat x=(x-\mu)/\sqrt{\sigma^2+\epsilon}", "x̂ = (x − μ)/√(σ² + ε)")]
    [InlineData(@"\hat m_t=m_t/(1-\beta_1^t)", "m̂ₜ = mₜ/(1 − β₁ᵗ)")]
    [InlineData(@"\sigma(x) = 1/(1+e^{-x})", "σ(x) = 1/(1 + e⁻ˣ)")]
    [InlineData(@"\sqrt{d_k}", "√dₖ")]
    [InlineData(@"\lfloor (n+2p-k)/s\rfloor+1", "⌊(n + 2p − k)/s⌋ + 1")]
    [InlineData(@"\eta<2/\lambda_{\max}", "η < 2/λₘₐₓ")]
    [InlineData(@"\mathbb E[\tilde h]=h", "𝔼[h̃] = h")]
    [InlineData(@"\sum_{batch} g", "Σ_batch g")]
    [InlineData(@"\tfrac{\lambda}{2}\sum w^2", "λ/2 Σ w²")]
    [InlineData(@"\mathrm{lr} \propto d^{-0.5}", "lr ∝ d^(−0.5)")]
    [InlineData(@"z=-10", "z = −10")]
    [InlineData(@"\sigma' \le 1/4", "σ′ ≤ 1/4")]
    [InlineData(@"e^{\text{cross-entropy}}", "e^(cross-entropy)")]
    [InlineData(@"W\in\mathbb R^{m\times n}", "W ∈ ℝ^(m×n)")]
    public void Formulas_convert_to_readable_unicode(string tex, string expected) =>
        Assert.Equal(expected, MathText.FormulaToText(tex));

    [Fact]
    public void Html_italicises_variables_and_uses_sub_and_sup()
    {
        var html = Parse($"<span>{MathText.FormulaToHtml(@"\partial L/\partial W_{ij} = g^\top x < 1")}</span>");
        Assert.Equal(["L", "W", "ij", "g", "x"], html.Descendants("i").Select(e => e.Value));
        Assert.Equal("ij", html.Descendants("sub").Single().Value);
        Assert.Equal("T", html.Descendants("sup").Single().Value);
        Assert.Equal("∂L/∂Wij = gTx < 1", html.Value);
    }

    [Fact]
    public void The_card_view_shows_math_as_unicode_in_html_and_text()
    {
        var card = QuestionBank.Question(19);
        var html = Parse(InterviewCardView.ToHtml(card));
        var shortAnswer = WithClass(html, "nn-short-answer").Single();
        Assert.DoesNotContain("$", shortAnswer.Value);
        Assert.DoesNotContain("\\", shortAnswer.Value);
        Assert.Contains("√(σ2 + ε)", shortAnswer.Value);                   // σ<sup>2</sup>: the XML text joins them
        Assert.NotEmpty(WithClass(shortAnswer, "nn-math"));
        var whiteboard = WithClass(html, "nn-whiteboard").Single();
        Assert.Contains("BatchNorm:  μ, σ per channel C", whiteboard.Descendants("pre").Single().Value);
        var text = InterviewCardView.ToText(card);
        Assert.Contains("y = γ\u2009(x − μ)/√(σ² + ε) + β", text);
        Assert.Contains("On the whiteboard:", text);
        Assert.DoesNotContain("```", text);
        Assert.DoesNotContain("$", text);
    }

    [Fact]
    public void Bold_and_code_around_math_still_work()
    {
        var html = Parse($"<p>{InterviewCardView.Inline("**Rule:** $a^2$ and `x$y` stay `code`")}</p>");
        Assert.Equal("Rule:", html.Element("strong")!.Value);
        Assert.Equal(["x$y", "code"], html.Elements("code").Select(e => e.Value));
        Assert.Equal("2", html.Descendants("sup").Single().Value);
    }
}
