using System.Diagnostics;
using NeuralNotebooks.Runner;

// dotnet run --project src/Runner -- <notebook files or folders> [--timeout SECONDS] [--mode quick|full] [--out FOLDER] [--break-it]
var paths = new List<string>();
var options = new RunOptions();
var environment = new Dictionary<string, string>();
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--timeout" when i + 1 < args.Length && double.TryParse(args[i + 1], out var seconds) && seconds > 0:
            options = options with { Timeout = TimeSpan.FromSeconds(seconds) }; i++; break;
        case "--mode" when i + 1 < args.Length && args[i + 1] is "quick" or "full":
            environment["NEURALNOTEBOOKS_MODE"] = args[++i]; break;
        case "--break-it":
            options = options with { BreakIt = true }; break;
        case "--out" when i + 1 < args.Length:
            options = options with { OutputRoot = Path.GetFullPath(args[++i]) }; break;
        case "-h" or "--help":
            Usage(); return 0;
        case var flag when flag.StartsWith("--"):
            Console.Error.WriteLine($"Unknown or incomplete option '{flag}'. Allowed: --timeout <seconds>, --mode quick|full, --out <folder>, --break-it.");
            return 2;
        default:
            paths.Add(args[i]); break;
    }
}
options = options with { Environment = environment };

List<string> notebooks;
try { notebooks = NotebookFiles.Find(paths.Count > 0 ? paths : ["notebooks"]); }
catch (RunnerException e) { Console.Error.WriteLine(e.Message); return 2; }

// Live, redrawn in place on a terminal; plain lines every few seconds in logs (CI, a file).
var total = Stopwatch.StartNew();
var console = Spectre.Console.AnsiConsole.Console;
var outputRoot = options.OutputRoot ?? Path.Combine(RunnerPaths.RepositoryRoot(Directory.GetCurrentDirectory()) ?? Directory.GetCurrentDirectory(), "artifacts", options.BreakIt ? "broken" : "executed");
options = options with { OutputRoot = outputRoot };
var mode = environment.GetValueOrDefault("NEURALNOTEBOOKS_MODE") ?? Environment.GetEnvironmentVariable("NEURALNOTEBOOKS_MODE") ?? "default";
var timings = RunTimings.Read(outputRoot, mode);
// Redirected output has no width: Spectre assumes 80 columns, which would fold the summary table's paths.
if (Console.IsOutputRedirected) console.Profile.Width = Math.Max(console.Profile.Width, 160);
IRunProgress progress = Console.IsOutputRedirected || !console.Profile.Capabilities.Interactive
    ? new PlainProgress(Console.Out, () => total.Elapsed, timings, notebooks.Count)
    : new LiveProgress(console, timings, notebooks.Count);
options = options with { Progress = progress };

var results = new List<NotebookResult>();
foreach (var notebook in notebooks)
{
    NotebookResult result;
    try
    {
        var run = NotebookRunner.RunAsync(notebook, options);
        await progress.Follow(run);
        result = await run;
    }
    catch (RunnerException e) { Console.Error.WriteLine(e.Message); return 2; }
    progress.NotebookFinished(result);
    results.Add(result);
}
int failed = results.Count(r => !r.Passed);
SummaryTable.Write(console, results);
RunTimings.Write(outputRoot, mode, timings, results);
var index = CourseExport.Write(outputRoot, results);
Console.WriteLine($"{notebooks.Count - failed} passed, {failed} failed  ({total.Elapsed.TotalSeconds:F1} s; executed copies and web pages in {Path.GetRelativePath(Directory.GetCurrentDirectory(), outputRoot)}, open {Path.GetRelativePath(Directory.GetCurrentDirectory(), index)})");
return failed == 0 ? 0 : 1;


static void Usage() => Console.WriteLine("""
    NeuralNotebooks runner: executes notebooks top to bottom in a fresh dotnet-interactive kernel each.
    usage: dotnet run --project src/Runner -- [notebooks or folders...] [--timeout SECONDS] [--mode quick|full] [--out FOLDER] [--break-it]
    Folders are searched for *.ipynb. Exit code 1 when any notebook failed.
    --break-it: flip each notebook's `var breakIt = false;` switch on; a notebook passes when its self-check then fails
    (executed copies go to artifacts/broken unless --out says otherwise).
    """);
