using System.Reflection;
using System.Text.RegularExpressions;
using NeuralNotebooks.Questions;
using NeuralNotebooks.Runtime;
using TorchSharp;

namespace NeuralNotebooks.Tests;

/// <summary>
/// One convention per concern, checked over every exercise, so that exercise 21 is a copied folder plus what
/// these tests ask for: an index row, a …Settings record with quick/full sizes, seed and device, no lesson that
/// trains out of sight, and models whose forward leaves dispose scopes to the step that calls it.
/// </summary>
public partial class ConventionTests
{
    static readonly Assembly Core = typeof(RunModes).Assembly;
    static readonly string ExercisesFolder = Path.Combine(TestHost.RepositoryRoot, "src", "Core", "Exercises");

    static IEnumerable<Type> ExerciseTypes => Core.GetTypes()
        .Where(t => t.IsPublic && t.Namespace?.StartsWith("NeuralNotebooks.Exercises.") == true);

    public static TheoryData<string> ExerciseFolders => new(Directory.EnumerateDirectories(ExercisesFolder)
        .Select(Path.GetFileName).Order()!);

    [GeneratedRegex(@"^\| (\d\d) \| [^|]+ \| \[`(\w+)/`\]\(\w+/\) \| \[`([^`]+)`\]\([^)]+\) \| \[`(e\d\d)\.json`\]", RegexOptions.Multiline)]
    private static partial Regex IndexRow();

    [Fact]
    public void The_index_maps_every_exercise_to_its_folder_notebook_and_card()
    {
        var index = File.ReadAllText(Path.Combine(ExercisesFolder, "README.md"));
        var rows = IndexRow().Matches(index).Select(m => (Number: int.Parse(m.Groups[1].Value), Folder: m.Groups[2].Value,
            Notebook: m.Groups[3].Value, Card: m.Groups[4].Value)).ToList();
        Assert.Equal(QuestionBank.Exercises.Select(c => c.Number).Order(), rows.Select(r => r.Number));
        foreach (var row in rows)
        {
            var card = QuestionBank.Exercises.Single(c => c.Number == row.Number);
            Assert.True(Directory.Exists(Path.Combine(ExercisesFolder, row.Folder)), $"exercise {row.Number}: no folder {row.Folder}");
            Assert.Equal(card.Notebook, row.Notebook);
            Assert.Equal($"e{row.Number:00}", row.Card);
        }
        var listed = rows.Select(r => r.Folder).ToHashSet();
        Assert.All(Directory.EnumerateDirectories(ExercisesFolder).Select(Path.GetFileName),
            folder => Assert.True(listed.Contains(folder!), $"folder Exercises/{folder} is not in the index"));
    }

    [Theory, MemberData(nameof(ExerciseFolders))]
    public void Each_exercise_has_one_settings_record_with_modes_seed_and_device(string folder)
    {
        var settings = ExerciseTypes.Where(t => t.Namespace == $"NeuralNotebooks.Exercises.{folder}" && t.Name.EndsWith("Settings")).ToList();
        Assert.True(settings.Count == 1, $"Exercises/{folder} must define exactly one …Settings record; found {settings.Count}");
        var type = settings[0];
        var forMode = type.GetMethod("For", BindingFlags.Public | BindingFlags.Static, [typeof(RunMode)]);
        Assert.True(forMode?.ReturnType == type, $"{type.Name} needs `public static {type.Name} For(RunMode mode)`");
        Assert.True(type.GetProperty("Seed")?.PropertyType == typeof(int), $"{type.Name} needs `int Seed`");
        Assert.True(type.GetProperty("Device")?.PropertyType == typeof(torch.Device), $"{type.Name} needs `torch.Device Device`");
    }

    public static TheoryData<string> SettingsTypes => new(Core.GetTypes()
        .Where(t => t.IsPublic && t.Name.EndsWith("Settings") && t.GetMethod("For", BindingFlags.Public | BindingFlags.Static, [typeof(RunMode)]) is not null)
        .Select(t => t.FullName!).Order());

    /// <summary>
    /// The runner's --seeds reruns a notebook with another seed (NEURALNOTEBOOKS_SEED, which #!seed honours): the data
    /// split and model init follow it only when For(mode) takes its seed from Seed.Current, the seed #!seed last set.
    /// </summary>
    [Theory, MemberData(nameof(SettingsTypes))]
    public void Settings_take_their_seed_from_the_one_seed_sets(string settingsType)
    {
        var type = Core.GetType(settingsType)!;
        var forMode = type.GetMethod("For", BindingFlags.Public | BindingFlags.Static, [typeof(RunMode)])!;
        var before = Seed.Current;
        try
        {
            Seed.Set(7);
            foreach (var mode in new[] { RunMode.Quick, RunMode.Full })
            {
                var value = forMode.Invoke(null, [mode])!;
                Assert.True(type.GetProperty("Seed")?.GetValue(value) is 7,
                    $"{type.Name}.For({mode}).Seed is {type.GetProperty("Seed")?.GetValue(value)} after Seed.Set(7); set Seed = Seed.Current");
            }
        }
        finally { Seed.Set(before); }
    }

    [Fact]
    public void No_lesson_trains_out_of_sight_and_names_follow_one_convention()
    {
        var offenders = ExerciseTypes.Where(t => t.Name.EndsWith("Lesson")).Select(t => t.FullName).ToList();
        Assert.True(offenders.Count == 0, "recipes live in notebooks; these still train in Core: " + string.Join(", ", offenders));
        var sizes = Core.GetTypes().Where(t => t.IsPublic && Regex.IsMatch(t.Name, "(Size|Sizes|Config|Options)$")
                                                && t.Namespace?.StartsWith("NeuralNotebooks.Exercises") == true).Select(t => t.FullName).ToList();
        Assert.True(sizes.Count == 0, "settings records are named …Settings: " + string.Join(", ", sizes));
        var bundles = ExerciseTypes.Where(t => Regex.IsMatch(t.Name, "(Outcome|Output|Report|Run)$")).Select(t => t.FullName).ToList();
        Assert.True(bundles.Count == 0, "what a helper returns as a bundle is a …Result: " + string.Join(", ", bundles));
    }

    [GeneratedRegex(@"override\s+[\w<>,\s()]+\s+forward\s*\(")]
    private static partial Regex ForwardMethod();

    public static TheoryData<string> ModelSources => new(new[] { "Exercises", "Blocks" }
        .SelectMany(d => Directory.EnumerateFiles(Path.Combine(TestHost.RepositoryRoot, "src", "Core", d), "*.cs", SearchOption.AllDirectories))
        .Where(f => ForwardMethod().IsMatch(File.ReadAllText(f)))
        .Select(f => Path.GetRelativePath(TestHost.RepositoryRoot, f)).Order());

    [Theory, MemberData(nameof(ModelSources))]
    public void A_forward_opens_no_dispose_scope_the_step_that_calls_it_does(string source)
    {
        var text = File.ReadAllText(Path.Combine(TestHost.RepositoryRoot, source));
        foreach (Match match in ForwardMethod().Matches(text))
        {
            var body = BodyAfter(text, match.Index + match.Length);
            Assert.False(body.Contains("NewDisposeScope"), $"{source}: forward opens a dispose scope; open it in the training or evaluation step instead");
        }
    }

    [Fact]
    public void The_forward_rule_sees_a_scope_inside_a_forward()
    {
        const string bad = "class M { public override Tensor forward(Tensor x) { using var s = torch.NewDisposeScope(); return x; } Tensor g() { return null; } }";
        var match = ForwardMethod().Match(bad);
        Assert.True(match.Success);
        Assert.Contains("NewDisposeScope", BodyAfter(bad, match.Index + match.Length));
        Assert.DoesNotContain("g()", BodyAfter(bad, match.Index + match.Length));
    }

    /// <summary>The text of the brace-delimited body that follows <paramref name="from"/> (or the expression body up to ';').</summary>
    static string BodyAfter(string text, int from)
    {
        var open = text.IndexOf('{', from);
        var arrow = text.IndexOf("=>", from, StringComparison.Ordinal);
        if (arrow >= 0 && (open < 0 || arrow < open)) return text[arrow..text.IndexOf(';', arrow)];
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '{') depth++;
            else if (text[i] == '}' && --depth == 0) return text[open..(i + 1)];
        }
        return text[open..];
    }
}
