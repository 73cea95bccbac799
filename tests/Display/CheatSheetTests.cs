using System.Text.RegularExpressions;
using System.Xml.Linq;
using NeuralNotebooks.Display;
using NeuralNotebooks.Questions;
using NeuralNotebooks.Runner;
using NeuralNotebooks.Training;
using static NeuralNotebooks.Tests.Display.XhtmlTestKit;

namespace NeuralNotebooks.Tests.Display;

/// <summary>
/// The printable cheat sheet, built without a kernel from a fixture folder of executed notebooks the test writes:
/// every card, the measured headlines where there are executed copies, "not run yet" elsewhere, no TeX, valid XHTML;
/// bad input is one sentence and the sheet is still written.
/// </summary>
public sealed partial class CheatSheetTests : IDisposable
{
    readonly string folder = Path.Combine(Path.GetTempPath(), $"nn-cheatsheet-{Guid.NewGuid():N}");

    public void Dispose() { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }

    /// <summary>A small executed notebook: one stdout output per line given, or an error output.</summary>
    void WriteExecuted(string notebook, string[] stdout, string? error = null)
    {
        var path = Path.Combine(folder, "executed", "notebooks", notebook);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var outputs = stdout.Select(l => $$"""{"name": "stdout", "output_type": "stream", "text": ["{{l}}\n"]}""").ToList();
        if (error is not null) outputs.Add($$"""{"ename": "Error", "evalue": "{{error}}", "output_type": "error", "traceback": []}""");
        File.WriteAllText(path, $$"""
            {"cells": [{"cell_type": "markdown", "id": "a", "metadata": {}, "source": ["# Title"]},
                       {"cell_type": "code", "execution_count": 1, "id": "b", "metadata": {}, "outputs": [{{string.Join(", ", outputs)}}], "source": ["SelfCheck.Require(true, \"x\");"]}],
             "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
            """);
    }

    static XDocument Parse(string html) => XDocument.Parse(html.Replace("<!DOCTYPE html>", ""));

    static XElement CardElement(XDocument page, string id) => page.Descendants().Single(e => (string?)e.Attribute("data-card") == id);

    [Fact]
    public void Forty_cards_with_the_measured_headlines_and_not_run_yet_for_the_rest()
    {
        var q19 = QuestionBank.Question(19); var e12 = QuestionBank.Exercise(12);
        WriteExecuted(q19.Notebook, [SelfCheck.HeadlineLine("validation accuracy, BatchNorm", 0.969773), SelfCheck.PassedPrefix + "fine"]);
        WriteExecuted(e12.Notebook, [SelfCheck.HeadlineLine("PSNR gain (dB)", -0.25)], error: SelfCheck.FailurePrefix + "PSNR gain below 0");
        var target = Path.Combine(folder, "out", "cheatsheet.html");
        var output = new StringWriter();

        var notices = CheatSheetData.Write(Path.Combine(folder, "executed"), target, MathRenderer.None("no node in this test"), output);

        var html = File.ReadAllText(target);
        var page = Parse(html);                                                   // well-formed XHTML
        var cards = page.Descendants("article").ToList();
        Assert.Equal(40, cards.Count);
        Assert.Equal(QuestionBank.Questions.Concat(QuestionBank.Exercises).Select(CardMarkdown.Id), cards.Select(c => (string)c.Attribute("data-card")!));
        Assert.Equal(2, page.Descendants("section").Count());

        var measured19 = WithClass(CardElement(page, "q19").Element("div")!, "nn-measured").Single();
        Assert.Equal("validation accuracy, BatchNorm", WithClass(measured19, "nn-headline-name").Single().Value);
        Assert.Equal("0.9698", WithClass(measured19, "nn-headline-value").Single().Value);
        Assert.Equal("self-check passed", WithClass(measured19, "nn-check").Single().Value);
        Assert.Matches(@"^ran \d{4}-\d\d-\d\d \d\d:\d\d$", WithClass(measured19, "nn-ran").Single().Value);
        var measured12 = WithClass(CardElement(page, "e12"), "nn-measured").Single();
        Assert.Equal("-0.25", WithClass(measured12, "nn-headline-value").Single().Value);
        Assert.Equal("self-check FAILED", WithClass(measured12, "nn-check").Single().Value);

        var notRun = cards.Where(c => WithClass(c, "nn-not-run").Any()).ToList();
        Assert.Equal(38, notRun.Count);
        Assert.Contains("not run yet — run dotnet run --project src/Runner -- notebooks/questions/01-neural-network.ipynb", CardElement(page, "q01").Value);

        // Short answers and key points are there, with their math as Unicode: no TeX left anywhere on the page.
        Assert.Contains("√(σ2 + ε)", WithClass(CardElement(page, "q19"), "nn-short").Single().Value);
        Assert.Equal(5, CardElement(page, "q19").Descendants("li").Count());
        var text = page.Root!.Value;
        Assert.DoesNotContain("$", text);
        Assert.False(TexCommand().IsMatch(text), $"TeX left: {TexCommand().Match(text).Value}");
        Assert.Contains("@media print", html);
        Assert.Contains("size: A4", html);
        Assert.Equal(["Formulas are shown as Unicode text: no node in this test."], notices);
        Assert.Contains("2 with measurements", output.ToString());
    }

    [Fact]
    public void A_missing_folder_is_one_sentence_and_every_card_says_not_run_yet()
    {
        var target = Path.Combine(folder, "cheatsheet.html");
        var notices = CheatSheetData.Write(Path.Combine(folder, "nowhere"), target, MathRenderer.None("none"), TextWriter.Null);
        var missing = notices.Where(n => n.Contains("nowhere")).ToList();
        Assert.Single(missing);
        Assert.StartsWith("No executed notebooks: the folder ", missing[0]);
        var page = Parse(File.ReadAllText(target));
        Assert.Equal(40, page.Descendants("article").Count(c => WithClass(c, "nn-not-run").Any()));
        Assert.Contains(missing[0], WithClass(page.Root!, "nn-sheet-notice").Select(e => e.Value));
    }

    [Fact]
    public void A_corrupt_executed_notebook_is_one_sentence_and_the_others_still_show()
    {
        var q19 = QuestionBank.Question(19);
        WriteExecuted(q19.Notebook, [SelfCheck.HeadlineLine("validation accuracy, BatchNorm", 0.97), SelfCheck.PassedPrefix + "fine"]);
        var broken = Path.Combine(folder, "executed", "notebooks", QuestionBank.Question(2).Notebook);
        File.WriteAllText(broken, "{\"cells\": [ this is not json");
        var target = Path.Combine(folder, "cheatsheet.html");

        var notices = CheatSheetData.Write(Path.Combine(folder, "executed"), target, MathRenderer.None("none"), TextWriter.Null);

        var corrupt = notices.Where(n => n.Contains("02-backpropagation")).ToList();
        Assert.Single(corrupt);
        Assert.StartsWith($"could not read the executed copy {broken}: ", corrupt[0]);
        Assert.Contains("is not valid notebook JSON", corrupt[0]);
        var page = Parse(File.ReadAllText(target));
        Assert.Equal(corrupt[0], WithClass(CardElement(page, "q02"), "nn-problem").Single().Value);
        Assert.Equal("0.97", WithClass(CardElement(page, "q19"), "nn-headline-value").Single().Value);
        Assert.Equal(38, page.Descendants("article").Count(c => WithClass(c, "nn-not-run").Any()));
    }

    [GeneratedRegex(@"\\[A-Za-z]+")] private static partial Regex TexCommand();
}
