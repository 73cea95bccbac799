using System.Text.RegularExpressions;

namespace NeuralNotebooks.Tests.Notebooks;

/// <summary>
/// Code a notebook shows from Core is Core's code: a cell starting with
/// <c>// Shown from src/…/File.cs #region Name</c> must hold exactly that region (dedented), as
/// <c>python3 eng/sync-code.py</c> writes it. Markdown carries no C# blocks at all.
/// </summary>
public partial class ShownCodeTests
{
    [GeneratedRegex(@"^// Shown from (\S+) #region (\S+)")]
    private static partial Regex Header();

    public static TheoryData<string> AllNotebooks => new(Directory
        .EnumerateFiles(Path.Combine(TestHost.RepositoryRoot, "notebooks"), "*.ipynb", SearchOption.AllDirectories)
        .Select(p => Path.GetRelativePath(TestHost.RepositoryRoot, p)).Order());

    [Theory, MemberData(nameof(AllNotebooks))]
    public void Every_shown_cell_equals_its_region_in_Core(string notebook)
    {
        var nb = NotebookFile.Read(Path.Combine(TestHost.RepositoryRoot, notebook));
        foreach (var (cell, index) in nb.Cells.Select((c, i) => (c, i)).Where(x => x.c.Kind == "code"))
        {
            var lines = cell.Source.Replace("\r\n", "\n").Split('\n');
            var match = Header().Match(lines[0]);
            if (!match.Success) continue;
            var expected = Region(match.Groups[1].Value, match.Groups[2].Value);
            var shown = string.Join("\n", lines.Skip(1)).TrimEnd();
            Assert.True(expected == shown,
                $"{notebook} cell {index} differs from {match.Groups[1].Value} #region {match.Groups[2].Value}: run python3 eng/sync-code.py");
        }
    }

    [Theory, MemberData(nameof(AllNotebooks))]
    public void Markdown_carries_no_pasted_csharp(string notebook)
    {
        var nb = NotebookFile.Read(Path.Combine(TestHost.RepositoryRoot, notebook));
        var pasted = nb.Cells.Select((c, i) => (c, i))
            .Where(x => x.c.Kind == "markdown" && Regex.IsMatch(x.c.Source, @"```\s*(csharp|cs|c#)\s*\n", RegexOptions.IgnoreCase))
            .Select(x => x.i).ToArray();
        Assert.True(pasted.Length == 0, $"{notebook}: markdown cells {string.Join(", ", pasted)} carry C# blocks; show code in a code cell (from Core via #region if Core has it)");
    }

    [Fact]
    public void The_region_reader_finds_nested_regions_and_dedents()
    {
        var lines = new[] { "class A", "{", "    #region Body", "    int x;", "    #region Inner", "    int y;", "    #endregion", "    #endregion", "}" };
        Assert.Equal("int x;\n#region Inner\nint y;\n#endregion", Region(lines, "Body"));
        Assert.Throws<InvalidOperationException>(() => Region(lines, "Missing"));
    }

    static string Region(string relativePath, string name) =>
        Region(File.ReadAllLines(Path.Combine(TestHost.RepositoryRoot, relativePath)), name);

    /// <summary>The same rule as eng/sync-code.py: the lines between #region Name and its #endregion, trimmed and dedented.</summary>
    static string Region(IReadOnlyList<string> lines, string name)
    {
        var start = lines.ToList().FindIndex(l => l.Trim() == $"#region {name}");
        if (start < 0) throw new InvalidOperationException($"no '#region {name}'");
        var body = new List<string>();
        var depth = 0;
        foreach (var line in lines.Skip(start + 1))
        {
            var s = line.Trim();
            if (s.StartsWith("#region")) depth++;
            else if (s.StartsWith("#endregion") && depth-- == 0) break;
            body.Add(line.TrimEnd());
        }
        while (body.Count > 0 && body[0].Length == 0) body.RemoveAt(0);
        while (body.Count > 0 && body[^1].Length == 0) body.RemoveAt(body.Count - 1);
        var indent = body.Where(l => l.Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", body.Select(l => l.Length >= indent ? l[indent..] : l));
    }
}
