using System.Diagnostics;
using NeuralNotebooks.Runner;

// dotnet run --project src/Runner -- <notebook files or folders> [--timeout SECONDS] [--mode quick|full] [--out FOLDER] [--break-it] [--seeds 0,1,2] [--practice starter|reference]
//                                  | --sync-cards [--check] | --cheatsheet [executed-folder]
if (args.Length > 0 && args[0] is "--sync-cards" or "--cheatsheet")
{
    var root = RunnerPaths.RepositoryRoot(Directory.GetCurrentDirectory()) ?? Directory.GetCurrentDirectory();
    try
    {
        if (args[0] == "--sync-cards")
        {
            if (args.Length > 2 || (args.Length == 2 && args[1] != "--check")) { Console.Error.WriteLine("--sync-cards takes only --check (list stale cells, change nothing, exit 1 if any)."); return 2; }
            return CardSync.Run(root, check: args.Length == 2, Console.Out);
        }
        if (args.Length > 2 || (args.Length == 2 && args[1].StartsWith("--"))) { Console.Error.WriteLine("--cheatsheet takes at most one folder of executed notebooks (default artifacts/executed)."); return 2; }
        var executed = args.Length == 2 ? Path.GetFullPath(args[1]) : Path.Combine(root, "artifacts", "executed");
        CheatSheetData.Write(executed, Path.Combine(root, "artifacts", "cheatsheet.html"), MathRenderer.Find(), Console.Out);
        return 0;
    }
    catch (RunnerException e) { Console.Error.WriteLine(e.Message); return 2; }
}

var paths = new List<string>();
var options = new RunOptions();
var environment = new Dictionary<string, string>();
IReadOnlyList<int>? seeds = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--timeout" when i + 1 < args.Length && double.TryParse(args[i + 1], out var seconds) && seconds > 0:
            options = options with { Timeout = TimeSpan.FromSeconds(seconds) }; i++; break;
        case "--mode" when i + 1 < args.Length && args[i + 1] is "quick" or "full":
            environment["NEURALNOTEBOOKS_MODE"] = args[++i]; break;
        case "--practice" when i + 1 < args.Length && args[i + 1] is "starter" or "reference":
            options = options with { Practice = args[++i] == "starter" ? PracticeMode.Starter : PracticeMode.Reference }; break;
        case "--break-it":
            options = options with { BreakIt = true }; break;
        case "--out" when i + 1 < args.Length:
            options = options with { OutputRoot = Path.GetFullPath(args[++i]) }; break;
        case "--seeds" when i + 1 < args.Length:
            try { seeds = SeedSweep.Parse(args[++i]); }
            catch (RunnerException e) { Console.Error.WriteLine(e.Message); return 2; }
            break;
        case "-h" or "--help":
            Usage(); return 0;
        case var flag when flag.StartsWith("--"):
            Console.Error.WriteLine($"Unknown or incomplete option '{flag}'. Allowed: --timeout <seconds>, --mode quick|full, --out <folder>, --break-it, --seeds <n,n,...>, --practice starter|reference.");
            return 2;
        default:
            paths.Add(args[i]); break;
    }
}

List<string> notebooks;
try { notebooks = NotebookFiles.Find(paths.Count > 0 ? paths : ["notebooks"]); }
catch (RunnerException e) { Console.Error.WriteLine(e.Message); return 2; }

var total = Stopwatch.StartNew();
var console = Spectre.Console.AnsiConsole.Console;
// Redirected output has no width: Spectre assumes 80 columns, which would fold the summary table's paths.
if (Console.IsOutputRedirected) console.Profile.Width = Math.Max(console.Profile.Width, 160);
var here = Directory.GetCurrentDirectory();
var defaultFolder = (options.BreakIt ? "broken" : options.Practice == PracticeMode.Reference ? "practice-reference" : "executed") + (seeds is null ? "" : "-seeds");
var outputRoot = options.OutputRoot ?? Path.Combine(RunnerPaths.RepositoryRoot(here) ?? here, "artifacts", defaultFolder);
var mode = environment.GetValueOrDefault("NEURALNOTEBOOKS_MODE") ?? Environment.GetEnvironmentVariable("NEURALNOTEBOOKS_MODE") ?? "default";

if (seeds is null)
{
    var results = await RunAll(options with { Environment = environment, OutputRoot = outputRoot }, "");
    if (results is null) return 2;
    return results.All(r => r.Passed) ? 0 : 1;
}

// --seeds: the whole run once per seed, each into its own folder, then the headline's spread over the seeds.
var runs = new List<(int Seed, IReadOnlyList<NotebookResult> Results)>();
bool allPassed = true;
foreach (var seed in seeds)
{
    var seeded = SeedSweep.OptionsFor(options with { Environment = environment }, outputRoot, seed);
    Console.WriteLine($"seed {seed}: {SeedSweep.EnvironmentVariable}={seed}, executed copies in {Path.GetRelativePath(here, seeded.OutputRoot!)}");
    var results = await RunAll(seeded, $"seed {seed}: ");
    if (results is null) return 2;
    allPassed &= results.All(r => r.Passed);
    runs.Add((seed, results));
}
var spread = SeedSweep.Markdown(seeds, SeedSweep.Rows(runs));
var spreadFile = Path.Combine(outputRoot, "spread.md");
File.WriteAllText(spreadFile, spread);
Console.WriteLine();
Console.WriteLine(spread);
Console.WriteLine($"written to {Path.GetRelativePath(here, spreadFile)} ({total.Elapsed.TotalSeconds:F1} s in all)");
return allPassed ? 0 : 1;

// Runs every notebook with these options; null when the runner itself cannot go on (message already printed).
async Task<List<NotebookResult>?> RunAll(RunOptions run, string label)
{
    // Live, redrawn in place on a terminal; plain lines every few seconds in logs (CI, a file).
    var timings = RunTimings.Read(run.OutputRoot!, mode);
    var clock = Stopwatch.StartNew();
    IRunProgress progress = Console.IsOutputRedirected || !console.Profile.Capabilities.Interactive
        ? new PlainProgress(Console.Out, () => clock.Elapsed, timings, notebooks.Count)
        : new LiveProgress(console, timings, notebooks.Count);
    run = run with { Progress = progress };
    var results = new List<NotebookResult>();
    foreach (var notebook in notebooks)
    {
        NotebookResult result;
        try
        {
            var task = NotebookRunner.RunAsync(notebook, run);
            await progress.Follow(task);
            result = await task;
        }
        catch (RunnerException e) { Console.Error.WriteLine(e.Message); return null; }
        progress.NotebookFinished(result);
        results.Add(result);
    }
    SummaryTable.Write(console, results);
    RunTimings.Write(run.OutputRoot!, mode, timings, results);
    int failed = results.Count(r => !r.Passed);
    var index = CourseExport.Write(run.OutputRoot!, results);
    Console.WriteLine($"{label}{notebooks.Count - failed} passed, {failed} failed  ({clock.Elapsed.TotalSeconds:F1} s; executed copies and web pages in {Path.GetRelativePath(here, run.OutputRoot!)}, open {Path.GetRelativePath(here, index)})");
    return results;
}

static void Usage() => Console.WriteLine("""
    NeuralNotebooks runner: executes notebooks top to bottom in a fresh dotnet-interactive kernel each.
    usage: dotnet run --project src/Runner -- [notebooks or folders...] [--timeout SECONDS] [--mode quick|full] [--out FOLDER] [--break-it] [--seeds 0,1,2] [--practice starter|reference]
    Folders are searched for *.ipynb. Exit code 1 when any notebook failed.
    --break-it: flip each notebook's `var breakIt = false;` switch on; a notebook passes when its self-check then fails
    (executed copies go to artifacts/broken unless --out says otherwise).
    --seeds 0,1,2: run everything once per seed (NEURALNOTEBOOKS_SEED, which #!seed honours), copies in seed-<n>/ under
    artifacts/executed-seeds (or --out), and write spread.md there: each notebook's headline per seed, min, max, spread.
    --sync-cards [--check]: write each question card's sections (short answer, Rehearse it, follow-ups) into its notebook's
    marked Markdown cells; --check only lists stale cells and exits 1 if there are any.
    --cheatsheet [executed-folder]: write artifacts/cheatsheet.html, the 40 short answers and key points with the figures
    your executed notebooks measured (default folder artifacts/executed).
    --practice starter|reference: how practice notebooks (notebooks/practice) run. starter (the default for notebooks in a
    practice folder): as stored; a notebook passes when every #!check cell reports "not passed" cleanly and nothing else
    fails. reference: the learner cell (first line "// Your code") gets Core's reference region; every cell must pass
    (executed copies go to artifacts/practice-reference).
    """);
