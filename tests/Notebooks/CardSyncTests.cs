using System.Text.Json.Nodes;
using NeuralNotebooks.Questions;
using NeuralNotebooks.Runner;

namespace NeuralNotebooks.Tests.Notebooks;

/// <summary>
/// The question notebooks show their cards from the bank: every marked cell equals Core's CardMarkdown for the card
/// (run <c>dotnet run --project src/Runner -- --sync-cards</c> after changing a card), in the places the lesson expects.
/// </summary>
public class CardSyncTests
{
    public static TheoryData<string> Questions => new(QuestionBank.Questions.Select(c => c.Notebook));

    static string PathOf(string notebook) => Path.Combine(TestHost.RepositoryRoot, "notebooks", notebook);
    static InterviewCard CardFor(string notebook) => QuestionBank.Questions.Single(c => c.Notebook == notebook);
    static List<string> Sources(JsonObject nb) => nb["cells"]!.AsArray().Select(c => NotebookJson.Source(c!)).ToList();

    [Theory, MemberData(nameof(Questions))]
    public void Its_marked_cells_are_the_banks_sections_in_their_places(string notebook)
    {
        var card = CardFor(notebook);
        var nb = NotebookJson.Read(PathOf(notebook));
        var (_, changes) = CardSync.Sync(nb, card);
        Assert.True(changes.Count == 0, $"{notebook} is not in step with card {CardMarkdown.Id(card)}: {string.Join("; ", changes)}. Run: dotnet run --project src/Runner -- --sync-cards");

        var sources = Sources(nb);
        int At(string section) => sources.FindIndex(s => CardMarkdown.ReadMarker(s) == (CardMarkdown.Id(card), section));
        Assert.True(sources[0].StartsWith("# ", StringComparison.Ordinal) && At("short-answer") == 1, $"{notebook}: the short answer is not the cell after the title");
        var selfCheck = sources.FindIndex(s => s.TrimStart().StartsWith("## Self-check", StringComparison.Ordinal));
        Assert.True(At("two-minute") > selfCheck + 1, $"{notebook}: 'Rehearse it' does not come after the self-check");
        var order = CardMarkdown.RehearseSections.Select(At).ToArray();
        Assert.True(order.Zip(order.Skip(1)).All(p => p.Second == p.First + 1), $"{notebook}: the Rehearse it cells are not together in order ({string.Join(", ", order)})");
        var followUps = sources[At("follow-ups")];
        Assert.Equal(card.FollowUps.Count, followUps.Split("<details><summary>").Length - 1);
        Assert.Equal(card.FollowUps.Count, followUps.Split("</summary>\n\n").Length - 1);   // a blank line: the answer renders as Markdown
    }

    [Fact]
    public void A_changed_card_makes_its_cells_stale_and_a_sync_puts_them_right_touching_nothing_else()
    {
        var card = QuestionBank.Question(19);
        var stored = NotebookJson.Read(PathOf(card.Notebook));
        var changed = card with { ShortAnswer = "A different answer.", Whiteboard = "$y = x$\n$z = y$\n$w = z$" };
        var (synced, changes) = CardSync.Sync(stored, changed);
        Assert.Equal(["q19 short-answer: stale, rewritten from the bank", "q19 whiteboard: stale, rewritten from the bank"], changes);
        Assert.Contains("A different answer.", Sources(synced)[1]);
        Assert.Empty(CardSync.Sync(synced, changed).Changes);                    // idempotent
        var before = Sources(stored); var after = Sources(synced);
        Assert.Equal(before.Count, after.Count);
        Assert.Equal(before.Where(s => CardMarkdown.ReadMarker(s) is null), after.Where(s => CardMarkdown.ReadMarker(s) is null));
    }

    [Fact]
    public void Missing_cells_are_inserted_after_the_title_and_after_the_self_check_and_removed_sections_go()
    {
        var card = QuestionBank.Question(19);
        var stored = NotebookJson.Read(PathOf(card.Notebook));
        var bare = stored.DeepClone().AsObject();
        var cells = bare["cells"]!.AsArray();
        for (int i = cells.Count - 1; i >= 0; i--) if (CardMarkdown.ReadMarker(NotebookJson.Source(cells[i]!)) is not null) cells.RemoveAt(i);
        var (rebuilt, changes) = CardSync.Sync(bare, card);
        Assert.Equal(CardMarkdown.Sections(card).Select(s => $"q19 {s.Name}: missing, inserted"), changes);
        Assert.Equal(NotebookJson.ToText(stored), NotebookJson.ToText(rebuilt));   // the same places, the same ids

        var (fewer, removed) = CardSync.Sync(stored, card with { Whiteboard = null });
        Assert.Equal(["q19 whiteboard: no longer in the card, removed"], removed);
        Assert.Equal(Sources(stored).Count - 1, Sources(fewer).Count);
    }

    [Theory, MemberData(nameof(Questions))]
    public void Notebooks_are_rewritten_byte_for_byte_as_the_python_tools_write_them(string notebook)
    {
        var text = File.ReadAllText(PathOf(notebook));
        Assert.Equal(text, NotebookJson.ToText(NotebookJson.Read(PathOf(notebook))));
    }

    [Fact]
    public void Markers_are_read_only_from_the_first_line()
    {
        Assert.Equal(("q19", "two-minute"), CardMarkdown.ReadMarker("<!-- from the bank: q19 two-minute -->\n## Rehearse it"));
        Assert.Null(CardMarkdown.ReadMarker("## Rehearse it\n<!-- from the bank: q19 two-minute -->"));
        Assert.Null(CardMarkdown.ReadMarker("<!-- a comment -->"));
    }
}
