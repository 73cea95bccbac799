using Microsoft.DotNet.Interactive.Documents;
using NeuralNotebooks.Runner;

namespace NeuralNotebooks.Tests.Runner;

/// <summary>The break-it switch without a kernel: finding it, the self-check cell, flipping it, judging the run.</summary>
public class BreakItSwitchTests
{
    const string Switch = "// Break it: set breakIt = true to forget zero_grad — the self-check then fails.\nvar breakIt = false;";
    const string SelfCheckCode = "SelfCheck.Headline(\"test accuracy\", accuracy);\nSelfCheck.Require(accuracy > 0.9, \"low\");";

    static InteractiveDocument Document(params (string Kernel, string Text)[] cells)
    {
        var document = new InteractiveDocument();
        foreach (var (kernel, text) in cells) document.Add(new InteractiveDocumentElement(text, kernel));
        return document;
    }

    /// <summary>Title, setup, the switch (cell 2), training, "## Self-check" (cell 4), its code (cell 5), follow-ups.</summary>
    static InteractiveDocument Course() => Document(
        ("markdown", "# 01 A network"), ("csharp", "#!seed 0"), ("csharp", Switch), ("csharp", "var accuracy = Train(breakIt);"),
        ("markdown", "## Self-check\nGuards the accuracy."), ("csharp", SelfCheckCode), ("markdown", "## Interview follow-ups"));

    [Fact]
    public void The_switch_is_the_one_code_cell_with_the_line()
    {
        Assert.Equal((2, null), BreakItSwitch.Find(Course().Elements));
    }

    [Fact]
    public void No_switch_is_named_and_a_switch_in_markdown_or_with_other_text_on_its_line_does_not_count()
    {
        var document = Document(("markdown", "var breakIt = false;"), ("csharp", "var breakIt = false; // off"), ("csharp", "var breakIt = true;"));
        var (cell, problem) = BreakItSwitch.Find(document.Elements);
        Assert.Null(cell);
        Assert.Equal("no break-it switch: no code cell has the line 'var breakIt = false;'", problem);
    }

    [Fact]
    public void Two_switches_are_named_with_their_cells()
    {
        var document = Document(("csharp", Switch), ("markdown", "text"), ("csharp", "  var breakIt = false;  "));
        var (cell, problem) = BreakItSwitch.Find(document.Elements);
        Assert.Null(cell);
        Assert.Equal("2 cells have the line 'var breakIt = false;' (cells 0, 2); a notebook has one switch", problem);
    }

    [Fact]
    public void The_self_check_cell_is_the_first_code_cell_after_its_heading()
    {
        Assert.Equal(5, BreakItSwitch.SelfCheckCell(Course().Elements));
        var withNote = Document(("csharp", Switch), ("markdown", "## Self-check"), ("markdown", "a note"), ("csharp", SelfCheckCode));
        Assert.Equal(3, BreakItSwitch.SelfCheckCell(withNote.Elements));
        // A heading that merely mentions it, or one with nothing after it, is none.
        Assert.Null(BreakItSwitch.SelfCheckCell(Document(("markdown", "See the ## Self-check below"), ("csharp", SelfCheckCode)).Elements));
        Assert.Null(BreakItSwitch.SelfCheckCell(Document(("csharp", SelfCheckCode), ("markdown", "## Self-check")).Elements));
    }

    [Fact]
    public void Turning_it_on_flips_only_the_switch_line()
    {
        var document = Course();
        Assert.Null(BreakItSwitch.TurnOn(document));
        Assert.Equal("// Break it: set breakIt = true to forget zero_grad — the self-check then fails.\nvar breakIt = true;", document.Elements[2].Contents);
        Assert.Equal("var accuracy = Train(breakIt);", document.Elements[3].Contents);
        Assert.Equal(SelfCheckCode, document.Elements[5].Contents);
    }

    [Fact]
    public void Without_a_self_check_heading_or_a_switch_it_is_not_turned_on_and_says_why()
    {
        var noHeading = Document(("csharp", Switch), ("csharp", SelfCheckCode));
        Assert.Equal("no self-check: no code cell follows a '## Self-check' heading", BreakItSwitch.TurnOn(noHeading));
        Assert.Equal(Switch, noHeading.Elements[0].Contents);
        Assert.StartsWith("no break-it switch", BreakItSwitch.TurnOn(Document(("markdown", "## Self-check"), ("csharp", SelfCheckCode))));
    }

    static NotebookResult Failed(int cell, string error) => new("nb.ipynb", false, TimeSpan.FromSeconds(3), "out.ipynb", cell, error);

    [Fact]
    public void Failing_in_the_self_check_with_its_message_is_a_pass_that_says_why_it_broke()
    {
        var judged = BreakItSwitch.Judge(Failed(5, "Self-check failed: test accuracy 41.0% is below 90%"), selfCheckCell: 5);
        Assert.True(judged.Passed);
        Assert.Null(judged.Error);
        Assert.Equal("Self-check failed: test accuracy 41.0% is below 90%", judged.BrokeAsExpected);
        Assert.Contains("(broke as expected: Self-check failed: test accuracy 41.0% is below 90%)", judged.Line);
        Assert.StartsWith("PASS", judged.Line);
        // The kernel names the exception type first; the reason starts at "Self-check failed".
        var fromKernel = BreakItSwitch.Judge(Failed(5, "NeuralNotebooks.Training.SelfCheckFailedException: Self-check failed: low"), selfCheckCell: 5);
        Assert.Equal("Self-check failed: low", fromKernel.BrokeAsExpected);
    }

    [Fact]
    public void A_notebook_that_still_passes_with_the_switch_on_fails()
    {
        var judged = BreakItSwitch.Judge(new NotebookResult("nb.ipynb", true, TimeSpan.FromSeconds(3), "out.ipynb"), selfCheckCell: 5);
        Assert.False(judged.Passed);
        Assert.Equal("break-it run: the notebook still passed with breakIt = true; its self-check cannot see the break", judged.Error);
    }

    [Fact]
    public void Failing_in_another_cell_fails_and_names_both_cells()
    {
        var judged = BreakItSwitch.Judge(Failed(3, "System.Exception: loss is NaN"), selfCheckCell: 5);
        Assert.False(judged.Passed);
        Assert.Null(judged.BrokeAsExpected);
        Assert.Equal("break-it run: expected the self-check (cell 5) to fail with 'Self-check failed', but cell 3 failed: System.Exception: loss is NaN", judged.Error);
        // Even a self-check message from another cell is the wrong place.
        Assert.False(BreakItSwitch.Judge(Failed(3, "Self-check failed: low"), selfCheckCell: 5).Passed);
    }

    [Fact]
    public void Failing_in_the_self_check_cell_for_another_reason_fails()
    {
        var judged = BreakItSwitch.Judge(Failed(5, "(2,1): error CS0103: The name 'accuracy' does not exist"), selfCheckCell: 5);
        Assert.False(judged.Passed);
        Assert.Contains("but cell 5 failed: (2,1): error CS0103", judged.Error);
    }
}
