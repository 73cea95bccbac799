using System.Diagnostics;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;
using NeuralNotebooks.Display;
using NeuralNotebooks.Extension.Directives;
using NeuralNotebooks.Training;

namespace NeuralNotebooks.Extension;

/// <summary>
/// The live training dashboard: ONE output per run, created when training starts and updated in place
/// (DisplayedValue.Update) at most every <see cref="MinInterval"/>, plus at each epoch end and at the end,
/// so a 10,000-step run emits a handful of updates, not 10,000 outputs. The trainer calls it on the
/// training thread, so the cell's KernelInvocationContext is captured when training starts. It never
/// throws into the training loop: a failed redraw is dropped.
/// </summary>
public sealed class LiveDashboard : ITrainingObserver
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(0.75);

    readonly Func<TimeSpan> clock;
    KernelInvocationContext? context;
    DisplayedValue? output;
    TimeSpan lastDraw = TimeSpan.MinValue;

    public LiveDashboard() : this(Stopwatch.StartNew()) { }
    LiveDashboard(Stopwatch watch) : this(() => watch.Elapsed) { }

    /// <summary>With a clock of one's own (tests drive time by hand).</summary>
    public LiveDashboard(Func<TimeSpan> clock) => this.clock = clock;

    /// <summary>How many times the output was drawn (created or updated).</summary>
    public int Draws { get; private set; }

    public void OnTrainingStarted(TrainingProgress progress) => Guard(() =>
    {
        context = KernelInvocationContext.Current;
        if (context is null) return;
        output = context.Display(View(progress, finished: false));
        Drawn();
    });

    public void OnStep(TrainingProgress progress) => Guard(() =>
    {
        if (clock() - lastDraw >= MinInterval) Redraw(progress, finished: false);
    });

    public void OnEpochEnded(TrainingProgress progress) => Guard(() => Redraw(progress, finished: false));

    public void OnTrainingEnded(TrainingProgress progress) => Guard(() => Redraw(progress, finished: true));

    void Redraw(TrainingProgress progress, bool finished)
    {
        if (output is null) return;
        output.Update(View(progress, finished));
        Drawn();
    }

    void Drawn() { Draws++; lastDraw = clock(); }

    static MagicOutput View(TrainingProgress p, bool finished) => new(DashboardView.ToHtml(p, finished), DashboardView.ToText(p, finished));

    static void Guard(Action draw)
    {
        try { draw(); }
        catch (Exception) { /* a dashboard must never stop training */ }
    }
}
