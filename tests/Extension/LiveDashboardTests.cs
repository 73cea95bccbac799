using Microsoft.DotNet.Interactive.Events;
using NeuralNotebooks.Extension;
using NeuralNotebooks.Training;

namespace NeuralNotebooks.Tests.Extension;

[Collection(KernelCollection.Name)]
public class LiveDashboardTests : IDisposable
{
    readonly KernelTestKit kit = new();
    public void Dispose() => kit.Dispose();

    /// <summary>A cell that drives a dashboard through 10,000 steps of 1 ms (on a fake clock) in 2 epochs.</summary>
    static readonly string TenThousandSteps = $$"""
        #r "{{typeof(LiveDashboard).Assembly.Location}}"
        using NeuralNotebooks.Training;
        var now = TimeSpan.Zero;
        var dashboard = new NeuralNotebooks.Extension.LiveDashboard(() => now);
        var history = new TrainingHistory();
        TrainingProgress At(int epoch, int step) => new(epoch, 2, step, 5000, (epoch - 1) * 5000L + step, now, 64_000,
            new Dictionary<string, double> { ["loss"] = 1.0 / ((epoch - 1) * 5000 + step) }, history);
        dashboard.OnTrainingStarted(At(1, 0));
        for (int epoch = 1; epoch <= 2; epoch++)
        {
            for (int step = 1; step <= 5000; step++)
            {
                now += TimeSpan.FromMilliseconds(1);
                history.AddStep(new StepRecord((epoch - 1) * 5000L + step, epoch, now, new Dictionary<string, double> { ["loss"] = 1.0 / step }));
                dashboard.OnStep(At(epoch, step));
            }
            history.AddEpoch(new EpochRecord(epoch, now, new Dictionary<string, double> { ["loss"] = 1.0 / epoch }, new Dictionary<string, double> { ["loss"] = 1.1 / epoch }));
            dashboard.OnEpochEnded(At(epoch, 5000));
        }
        dashboard.OnTrainingEnded(At(2, 5000));
        dashboard.Draws
        """;

    [Fact]
    public async Task Ten_thousand_steps_make_one_output_updated_exactly_as_often_as_the_interval_allows()
    {
        var cell = await kit.RunAsync(TenThousandSteps);
        Assert.Null(cell.Failure);

        var created = Assert.Single(cell.Result.Events.OfType<DisplayedValueProduced>());
        var updates = cell.Result.Events.OfType<DisplayedValueUpdated>().ToArray();
        Assert.All(updates, u => Assert.Equal(created.ValueId, u.ValueId));
        // The fake clock makes the count exact (whole ticks, no rounding). Epoch 1 (0–5 s): a redraw at 0.75, 1.5, …, 4.5 s
        // (6; the next would be 5.25 s), then its epoch end at 5 s, which resets the 0.75 s timer; epoch 2 likewise
        // (5.75 … 9.5 s: 6) and its end; then the end of training. 6 + 1 + 6 + 1 + 1 = 15 updates of the one output.
        Assert.Equal(LiveDashboard.MinInterval, TimeSpan.FromSeconds(0.75));
        Assert.Equal(15, updates.Length);
        Assert.Equal(updates.Length + 1, cell.ReturnValue);

        var last = updates[^1].FormattedValues;
        Assert.StartsWith("[########################] epoch 2/2  batch 5000/5000  100%  done in 00:10  64000 samples/s  loss 1e-4",
            last.Single(v => v.MimeType == "text/plain").Value);
        var html = Tests.Display.XhtmlTestKit.Parse(last.Single(v => v.MimeType == "text/html").Value);
        Assert.Equal("finished", (string)html.Attribute("data-state")!);
        Assert.Equal(new[] { "loss per step", "loss" }, Tests.Display.XhtmlTestKit.WithClass(html, "nn-chart").Select(c => (string)c.Attribute("data-metric")!));
    }

    [Fact]
    public void Outside_a_kernel_or_with_broken_progress_the_dashboard_never_throws()
    {
        var dashboard = new LiveDashboard(() => TimeSpan.Zero);
        var broken = new TrainingProgress(1, 1, 1, 1, 1, TimeSpan.Zero, 0, null!, null!);
        dashboard.OnTrainingStarted(broken);
        dashboard.OnStep(broken);
        dashboard.OnEpochEnded(broken);
        dashboard.OnTrainingEnded(broken);
        Assert.Equal(0, dashboard.Draws);
    }

    [Fact]
    public void Loading_the_extension_registers_the_dashboard_for_every_training_run()
    {
        Assert.Contains(TrainingObservers.CreateDefaults(), o => o is LiveDashboard);
    }
}
