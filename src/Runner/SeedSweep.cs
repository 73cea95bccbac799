using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace NeuralNotebooks.Runner;

/// <summary>
/// The runner's <c>--seeds 0,1,2</c>: every notebook runs once per seed (the kernel gets NEURALNOTEBOOKS_SEED, which
/// <c>#!seed</c> honours), and each notebook's headline — the line <c>Headline: &lt;name&gt; = &lt;value&gt;</c> its
/// self-check prints — is collected into one table: value per seed, min, max, spread, and pass or fail per seed.
/// A self-check threshold that holds for one seed only shows up here.
/// </summary>
public static partial class SeedSweep
{
    /// <summary>Read by Core's <c>Seed.Resolve</c> in the kernel.</summary>
    public const string EnvironmentVariable = NeuralNotebooks.Runtime.Seed.EnvironmentVariable;

    /// <summary>Printed by Core's <c>SelfCheck.Headline</c> in the kernel.</summary>
    public const string HeadlinePrefix = NeuralNotebooks.Training.SelfCheck.HeadlinePrefix;

    [GeneratedRegex(@"^Headline: (?<name>.+?) = (?<value>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex HeadlineLine();

    /// <summary>Parses <c>0,1,2</c>; anything else is one <see cref="RunnerException"/> saying what is allowed.</summary>
    public static IReadOnlyList<int> Parse(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var seeds = new List<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed))
                throw new RunnerException($"--seeds takes whole numbers separated by commas, e.g. --seeds 0,1,2; '{part}' in '{text}' is not a whole number.");
            if (seeds.Contains(seed))
                throw new RunnerException($"--seeds takes each seed once, e.g. --seeds 0,1,2; {seed} appears twice in '{text}'.");
            seeds.Add(seed);
        }
        return seeds;
    }

    /// <summary>The folder of one seed's executed copies under the sweep's root.</summary>
    public static string Folder(string root, int seed) => Path.Combine(root, $"seed-{seed.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>One seed's run: the kernel gets NEURALNOTEBOOKS_SEED=<paramref name="seed"/>, copies go to seed-&lt;n&gt;/ under <paramref name="root"/>.</summary>
    public static RunOptions OptionsFor(RunOptions options, string root, int seed) => options with
    {
        Environment = new Dictionary<string, string>(options.Environment) { [EnvironmentVariable] = seed.ToString(CultureInfo.InvariantCulture) },
        OutputRoot = Folder(root, seed),
    };

    /// <summary>The headline a run printed (the last one, should a notebook print two), or null.</summary>
    public static (string Name, double Value)? Headline(NotebookResult run)
    {
        (string, double)? found = null;
        foreach (var cell in run.Cells ?? [])
            if (HeadlineIn(cell.Text) is { } headline) found = headline;
        return found;
    }

    /// <summary>The last headline line in a cell's (or a whole notebook's) output text, or null.</summary>
    public static (string Name, double Value)? HeadlineIn(string text)
    {
        (string, double)? found = null;
        foreach (Match m in HeadlineLine().Matches(text.ReplaceLineEndings("\n")))
            if (double.TryParse(m.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                found = (m.Groups["name"].Value, value);
        return found;
    }

    /// <summary>One notebook over the seeds.</summary>
    public sealed record Row(string Notebook, string? HeadlineName, IReadOnlyList<(int Seed, double? Value, bool Passed)> Runs)
    {
        IEnumerable<double> Values => Runs.Where(r => r.Value is not null).Select(r => r.Value!.Value);
        public double? Min => Values.Any() ? Values.Min() : null;
        public double? Max => Values.Any() ? Values.Max() : null;
        public double? Spread => Max - Min;
        public bool AllPassed => Runs.All(r => r.Passed);
    }

    /// <summary>One row per notebook, in the order of the first seed's run.</summary>
    public static IReadOnlyList<Row> Rows(IReadOnlyList<(int Seed, IReadOnlyList<NotebookResult> Results)> runs)
    {
        if (runs.Count == 0) return [];
        return runs[0].Results.Select(first =>
        {
            var perSeed = runs.Select(run =>
            {
                var result = run.Results.FirstOrDefault(r => r.Notebook == first.Notebook);
                return (Seed: run.Seed, Result: result, Headline: result is null ? null : Headline(result));
            }).ToList();
            var name = perSeed.Select(p => p.Headline?.Name).FirstOrDefault(n => n is not null);
            return new Row(first.Notebook, name, perSeed.Select(p => (p.Seed, p.Headline?.Value, p.Result?.Passed == true)).ToList());
        }).ToList();
    }

    /// <summary>The table as markdown (written to spread.md and printed).</summary>
    public static string Markdown(IReadOnlyList<int> seeds, IReadOnlyList<Row> rows)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Headline spread over seeds {string.Join(", ", seeds)}").AppendLine();
        md.AppendLine("Each notebook ran once per seed (NEURALNOTEBOOKS_SEED, which `#!seed` honours); the headline is the line its self-check prints. spread = max − min.").AppendLine();
        md.AppendLine($"| notebook | headline | {string.Join(" | ", seeds.Select(s => $"seed {s}"))} | min | max | spread | self-check per seed |");
        md.AppendLine($"|---|---|{string.Concat(seeds.Select(_ => "---|"))}---|---|---|---|");
        foreach (var row in rows)
            md.AppendLine($"| {row.Notebook} | {row.HeadlineName ?? "(no headline printed)"} | {string.Join(" | ", row.Runs.Select(r => Number(r.Value)))} | " +
                          $"{Number(row.Min)} | {Number(row.Max)} | {Number(row.Spread)} | {string.Join(" / ", row.Runs.Select(r => r.Passed ? "pass" : "FAIL"))} |");
        int failed = rows.Sum(r => r.Runs.Count(x => !x.Passed));
        md.AppendLine().AppendLine(failed == 0 ? $"Every run passed ({rows.Count} notebooks × {seeds.Count} seeds)." : $"{failed} of {rows.Count * seeds.Count} runs failed.");
        return md.ToString();
    }

    static string Number(double? value) => value?.ToString("G4", CultureInfo.InvariantCulture) ?? "–";
}
