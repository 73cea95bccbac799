using System.Diagnostics;
using System.Text;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Connection;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Microsoft.DotNet.Interactive.Events;

namespace NeuralNotebooks.Runner;

/// <summary>Where executed copies go, how long a notebook may take, and what the kernel sees.</summary>
public sealed record RunOptions
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(15);
    /// <summary>Root of the executed copies; null means <c>artifacts/executed</c> of the repository.</summary>
    public string? OutputRoot { get; init; }
    /// <summary>Set in the kernel's environment (e.g. NEURALNOTEBOOKS_MODE=quick).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    /// <summary>Told about each cell as it runs (see <see cref="IRunProgress"/>).</summary>
    public IRunProgress Progress { get; init; } = NoProgress.Instance;
    /// <summary>Flip the notebook's break-it switch on and pass only when its self-check fails (see <see cref="BreakItSwitch"/>).</summary>
    public bool BreakIt { get; init; }
    /// <summary>
    /// How practice notebooks run: null runs a notebook under a "practice" folder as its starter (see <see cref="PracticeRun"/>)
    /// and any other as usual; Starter or Reference (the runner's --practice) applies to every notebook given.
    /// </summary>
    public PracticeMode? Practice { get; init; }
}

/// <summary>
/// Runs a notebook top to bottom in a fresh <c>dotnet-interactive stdio</c> process (the kernel VS Code
/// starts), with the notebook's folder as working directory, and writes the executed copy. Stops at the
/// first failing cell, as "Run All" does. Any error output (a failed command or text on stderr) fails it.
/// </summary>
public static class NotebookRunner
{
    static readonly KernelInfoCollection Kernels = new()
    {
        new Microsoft.DotNet.Interactive.Documents.KernelInfo("csharp", languageName: "C#", aliases: ["c#", "C#", "cs"]),
        new Microsoft.DotNet.Interactive.Documents.KernelInfo("markdown", languageName: "Markdown", aliases: ["md"]),
    };

    static readonly TimeSpan KernelStartLimit = TimeSpan.FromMinutes(3);
    const string KernelDidNotStart = "the kernel did not start";

    /// <summary>
    /// Runs the notebook; when the kernel fails before any cell ran, or fails while restoring packages (a
    /// <c>#r "nuget:"</c> cell), runs it once more in a fresh kernel, since both can fail for reasons outside the
    /// notebook (a busy machine, a feed or cache hiccup).
    /// </summary>
    public static async Task<NotebookResult> RunAsync(string notebookPath, RunOptions? options = null, CancellationToken cancellation = default)
    {
        var first = await RunOnceAsync(notebookPath, options, cancellation);
        if (first.Passed || first.FailedCell is not { } cell) return first;
        var kernelDidNotStart = first.Error?.StartsWith(KernelDidNotStart, StringComparison.Ordinal) == true;
        if (!kernelDidNotStart && !IsPackageCell(notebookPath, cell)) return first;
        var second = await RunOnceAsync(notebookPath, options, cancellation);
        var why = kernelDidNotStart ? "the kernel failed to start once" : "package restore failed once";
        return second with { Error = second.Passed ? null : second.Error, Retried = $"{why}: {first.Error}" };
    }

    static bool IsPackageCell(string notebookPath, int index)
    {
        try
        {
            using var stream = File.OpenRead(notebookPath);
            var cells = Notebook.Read(stream, Kernels).Elements;
            return index < cells.Count && ReferencesPackages(cells[index].Contents);
        }
        catch (Exception) { return false; }
    }

    /// <summary>
    /// True for a cell that restores packages: any line, not just the first, starts with <c>#r "nuget:</c> (the first
    /// cell of the course opens with a comment about its backend line).
    /// </summary>
    public static bool ReferencesPackages(string cellCode) =>
        cellCode.Split('\n').Any(line => line.TrimStart().StartsWith("#r \"nuget:", StringComparison.Ordinal));

    static async Task<NotebookResult> RunOnceAsync(string notebookPath, RunOptions? options, CancellationToken cancellation)
    {
        options ??= new RunOptions();
        var path = Path.GetFullPath(notebookPath);
        var folder = Path.GetDirectoryName(path)!;
        var clock = Stopwatch.StartNew();
        var cells = new List<CellResult>();

        InteractiveDocument document;
        try
        {
            await using var stream = File.OpenRead(path);
            document = Notebook.Read(stream, Kernels);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return new(notebookPath, false, clock.Elapsed, null, 0, $"cannot read the notebook: {e.Message}");
        }
        PracticeMode? practice = options.Practice ?? (PracticeRun.IsPracticeNotebook(path) ? PracticeMode.Starter : null);
        // A practice notebook has no break-it switch: its starter is the broken version, so --break-it runs it as one.
        var breakIt = options.BreakIt && practice is null;
        if (practice == PracticeMode.Reference && PracticeRun.SubstituteReference(document, path, RunnerPaths.RepositoryRoot(folder)) is { } notSubstituted)
            return new(notebookPath, false, clock.Elapsed, null, 0, $"reference run: {notSubstituted}");
        int gradingCells = practice is null ? 0 : document.Elements.Count(PracticeRun.IsGradingCell), cleanFailures = 0;
        int? selfCheckCell = null;
        if (breakIt)
        {
            if (BreakItSwitch.TurnOn(document) is { } problem) return new(notebookPath, false, clock.Elapsed, null, 0, problem);
            selfCheckCell = BreakItSwitch.SelfCheckCell(document.Elements);
        }

        // The kernel's own environment: this process's, plus these, given to the child only.
        var environment = new Dictionary<string, string>(options.Environment);
        if (RunnerPaths.RepositoryRoot(Path.GetDirectoryName(path)!) is { } repository)
            foreach (var (name, value) in KernelPackages.Prepare(repository)) environment[name] = value;
        // Practice commands record attempts: in a folder of this run's own, never in the learner's progress.
        var progressFolder = Directory.CreateTempSubdirectory("nn-runner-progress-").FullName;
        environment["NEURALNOTEBOOKS_PROGRESS"] = progressFolder;
        var command = KernelEnvironment.Wrap(KernelCommand.Resolve(folder), environment);

        // The limit is the notebook's own time: it starts once the kernel is up (which has a limit of its own).
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(KernelStartLimit);
        bool started = false;
        using var connector = new StdIoKernelConnector(command, "runner", new Uri("kernel://neuralnotebooks-runner"), new DirectoryInfo(folder));
        int? failedCell = null;
        string? error = null;
        int current = 0;
        var cellClock = Stopwatch.StartNew();
        options.Progress.NotebookStarted(notebookPath, document.Elements.Count(c => c.KernelName is not "markdown"));
        try
        {
            using var csharp = await connector.CreateProxyKernelAsync("csharp", "csharp").WaitAsync(deadline.Token);
            started = true;
            deadline.CancelAfter(options.Timeout);
            for (; current < document.Elements.Count; current++)
            {
                var cell = document.Elements[current];
                if (cell.KernelName is "markdown") continue;
                cellClock.Restart();
                if (cell.KernelName is not "csharp")
                {
                    (failedCell, error) = (current, $"cell kernel '{cell.KernelName}' is not supported; NeuralNotebooks notebooks use C#");
                    break;
                }
                options.Progress.CellStarted(current);
                KernelCommandResult result;
                using (CellWatch.Start(csharp, options.Progress))
                    result = await csharp.SendAsync(new SubmitCode(cell.Contents, "csharp"), deadline.Token).WaitAsync(deadline.Token);
                var outputs = CellOutputs.From(result.Events);
                options.Progress.CellFinished(current, outputs.Error is not null);
                cell.Outputs.Clear();
                cell.Outputs.AddRange(outputs.Elements);
                cell.ExecutionOrder = cells.Count + 1;
                // A starter's grading cell is meant to fail, cleanly: count it and go on.
                var expected = practice == PracticeMode.Starter && PracticeRun.IsGradingCell(cell) && PracticeRun.IsCleanFailure(outputs.Error);
                cells.Add(new CellResult(current, cellClock.Elapsed, outputs.Error is not null && !expected, outputs.PlainText));
                if (expected) { cleanFailures++; continue; }
                if (outputs.Error is not null)
                {
                    (failedCell, error) = (current, outputs.Error);
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellation.IsCancellationRequested)
        {
            (failedCell, error) = started
                ? (current, $"timed out after {options.Timeout.TotalSeconds:F0} s while cell {current} had run {cellClock.Elapsed.TotalSeconds:F0} s; the kernel was stopped")
                : (0, $"{KernelDidNotStart} within {KernelStartLimit.TotalSeconds:F0} s");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            (failedCell, error) = (current, $"{(started ? "" : KernelDidNotStart + ": ")}{e.GetType().Name}: {FirstLine(e.Message)}");
        }
        finally
        {
            Stop(connector);
            try { Directory.Delete(progressFolder, recursive: true); } catch (IOException) { /* a file still held: temp is cleaned by the OS */ }
        }

        var executed = WriteExecutedCopy(path, document, options);
        var run = new NotebookResult(notebookPath, failedCell is null, clock.Elapsed, executed, failedCell, error, cells);
        if (practice == PracticeMode.Starter) run = PracticeRun.JudgeStarter(run, gradingCells, cleanFailures);
        return breakIt ? BreakItSwitch.Judge(run, selfCheckCell) : run;
    }

    static void Stop(StdIoKernelConnector connector)
    {
        var pid = connector.ProcessId;
        try { connector.Dispose(); } catch (Exception) { /* the process may already be gone */ }
        if (pid is null) return;
        try { using var p = Process.GetProcessById(pid.Value); p.Kill(entireProcessTree: true); }
        catch (Exception) { /* exited already */ }
    }

    static string WriteExecutedCopy(string notebook, InteractiveDocument document, RunOptions options)
    {
        var repo = RunnerPaths.RepositoryRoot(Path.GetDirectoryName(notebook)!);
        var root = options.OutputRoot ?? Path.Combine(repo ?? Path.GetDirectoryName(notebook)!, "artifacts", "executed");
        var relative = repo is not null ? Path.GetRelativePath(repo, notebook) : Path.GetFileName(notebook);
        var target = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using var stream = File.Create(target);
        Notebook.Write(document, stream, Kernels);
        return target;
    }


    internal static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
