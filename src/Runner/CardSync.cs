using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using NeuralNotebooks.Questions;

namespace NeuralNotebooks.Runner;

/// <summary>
/// <c>--sync-cards [--check]</c>: writes each question card's sections (Core's <see cref="CardMarkdown"/>) into its
/// notebook. Only marked cells are replaced; a missing one is inserted where it belongs (the top sections after the
/// title cell, the "Rehearse it" block after the self-check's code cell); no other cell is touched.
/// </summary>
public static class CardSync
{
    /// <summary>The notebook with the card's sections current, and one line per section that was not.</summary>
    public static (JsonObject Notebook, IReadOnlyList<string> Changes) Sync(JsonObject notebook, InterviewCard card)
    {
        var synced = notebook.DeepClone().AsObject();
        var cells = synced["cells"] as JsonArray ?? throw new RunnerException($"the notebook for {CardMarkdown.Id(card)} has no cells.");
        var changes = new List<string>();
        var id = CardMarkdown.Id(card);
        var sections = CardMarkdown.Sections(card);

        // A marked cell whose section the card no longer has goes.
        for (int i = cells.Count - 1; i >= 0; i--)
            if (CardMarkdown.ReadMarker(NotebookJson.Source(cells[i]!)) is { } m && m.Card == id && sections.All(s => s.Name != m.Section))
            {
                cells.RemoveAt(i);
                changes.Add($"{id} {m.Section}: no longer in the card, removed");
            }

        foreach (var section in sections)
        {
            var at = IndexOf(cells, id, section.Name);
            if (at >= 0)
            {
                if (NotebookJson.Source(cells[at]!) != section.Source)
                {
                    cells[at]!["source"] = NotebookJson.Lines(section.Source);
                    changes.Add($"{id} {section.Name}: stale, rewritten from the bank");
                }
                continue;
            }
            cells.Insert(InsertionPoint(cells, id, section.Name), NewCell(id, section));
            changes.Add($"{id} {section.Name}: missing, inserted");
        }
        return (synced, changes);
    }

    static int IndexOf(JsonArray cells, string id, string section)
    {
        for (int i = 0; i < cells.Count; i++)
            if (CardMarkdown.ReadMarker(NotebookJson.Source(cells[i]!)) is { } m && m.Card == id && m.Section == section) return i;
        return -1;
    }

    /// <summary>After the section before it in the same block; the first of a block after the title cell or the self-check code.</summary>
    static int InsertionPoint(JsonArray cells, string id, string section)
    {
        var block = CardMarkdown.TopSections.Contains(section) ? CardMarkdown.TopSections : CardMarkdown.RehearseSections;
        for (int k = block.ToList().IndexOf(section) - 1; k >= 0; k--)
            if (IndexOf(cells, id, block[k]) is var previous and >= 0) return previous + 1;
        if (block == CardMarkdown.TopSections)
        {
            var title = FindIndex(cells, 0, c => Kind(c) == "markdown" && NotebookJson.Source(c).StartsWith("# ", StringComparison.Ordinal));
            return title + 1;                                                     // no title cell: at the very top
        }
        var heading = FindIndex(cells, 0, c => Kind(c) == "markdown" && NotebookJson.Source(c).TrimStart().StartsWith("## Self-check", StringComparison.Ordinal));
        var check = heading < 0 ? -1 : FindIndex(cells, heading + 1, c => Kind(c) == "code");
        return check < 0 ? cells.Count : check + 1;
    }

    static int FindIndex(JsonArray cells, int from, Func<JsonNode, bool> match)
    {
        for (int i = from; i < cells.Count; i++) if (match(cells[i]!)) return i;
        return -1;
    }

    static string? Kind(JsonNode cell) => cell["cell_type"]?.GetValue<string>();

    static JsonObject NewCell(string id, CardMarkdown.Section section) => new()
    {
        ["cell_type"] = "markdown",
        // Stable and unique within the notebook, like eng/notebook.py's ids.
        ["id"] = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes($"{id}:{section.Name}")))[..8],
        ["metadata"] = new JsonObject(),
        ["source"] = NotebookJson.Lines(section.Source),
    };

    /// <summary>Syncs (or with <paramref name="check"/> only lists) every question notebook; 1 when <paramref name="check"/> found stale cells.</summary>
    public static int Run(string repositoryRoot, bool check, TextWriter output)
    {
        int stale = 0;
        foreach (var card in QuestionBank.Questions)
        {
            var path = Path.Combine(repositoryRoot, "notebooks", card.Notebook);
            if (!File.Exists(path)) { output.WriteLine($"{card.Notebook}: not found; question {card.Number}'s card names it."); stale++; continue; }
            var (synced, changes) = Sync(NotebookJson.Read(path), card);
            foreach (var change in changes) output.WriteLine($"{card.Notebook}: {change}");
            stale += changes.Count;
            if (!check && changes.Count > 0) NotebookJson.Write(path, synced);
        }
        output.WriteLine(stale == 0
            ? $"all {QuestionBank.Questions.Count} question notebooks show their cards as the bank has them"
            : check ? $"{stale} stale or missing cells: run dotnet run --project src/Runner -- --sync-cards" : $"{stale} cells written");
        return check && stale > 0 ? 1 : 0;
    }
}
