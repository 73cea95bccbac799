using NeuralNotebooks.Drills;
using NeuralNotebooks.Practice.Progress;
using NeuralNotebooks.Tests.Display;

namespace NeuralNotebooks.Tests.Drills;

/// <summary>Predict-then-run: closeness rules, guesses not written yet, bad input, and what reaches the learner's progress.</summary>
public sealed class PredictTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("nn-predict-").FullName;
    readonly Func<ProgressStore?> previousStore = Predict.Store;

    public PredictTests() => Predict.Store = () => new ProgressStore(folder);

    public void Dispose()
    {
        Predict.Store = previousStore;
        Directory.Delete(folder, recursive: true);
    }

    IReadOnlyList<ProgressRecord> Recorded() => new ProgressStore(folder).Read();

    [Theory]
    [InlineData(0.25, 0.3, 0.1, true)]
    [InlineData(0.25, 0.4, 0.1, false)]
    [InlineData(-1.0, -1.05, 0.1, true)]
    public void Within_compares_the_absolute_difference(double guess, double measured, double tolerance, bool close) =>
        Assert.Equal(close, Closeness.Within(tolerance).IsClose(guess, measured));

    [Theory]
    [InlineData(1e-4, 3e-4, 10, true)]
    [InlineData(1e-4, 3e-6, 10, false)]    // ×33 too high
    [InlineData(3e-6, 1e-4, 10, false)]    // ×33 too low
    [InlineData(-2.0, 2.0, 10, false)]     // right size, wrong sign
    [InlineData(0.0, 1e-9, 10, false)]
    public void Factor_compares_orders_of_magnitude(double guess, double measured, double factor, bool close) =>
        Assert.Equal(close, Closeness.Factor(factor).IsClose(guess, measured));

    [Theory]
    [InlineData(0.9, 1.0, 0.2, true)]
    [InlineData(1.3, 1.0, 0.2, false)]
    public void Relative_compares_with_the_measured_size(double guess, double measured, double fraction, bool close) =>
        Assert.Equal(close, Closeness.Relative(fraction).IsClose(guess, measured));

    [Fact]
    public void A_close_numeric_guess_says_so_and_is_recorded_as_passed()
    {
        var p = Predict.Score("q06.gradient-ratio", 1e-5, 3.1e-5, Closeness.Factor(10), "Each sigmoid layer multiplies the gradient by at most 0.25.");
        Assert.Equal(PredictionOutcome.Close, p.Outcome);
        Assert.Equal("q06", p.Card);
        Assert.Contains("×3.1 too low", p.Verdict);
        Assert.Contains("within a factor of 10", p.Verdict);
        var record = Assert.Single(Recorded());
        Assert.Equal((ProgressRecord.Prediction, "q06.gradient-ratio", true), (record.Kind, record.Item, record.Passed));
    }

    [Fact]
    public void A_far_guess_is_off_says_by_how_much_and_is_recorded_as_failed()
    {
        var p = Predict.Score("q09.best-rate", 0.5, 0.03, Closeness.Within(0.05), "Too large a rate diverges.");
        Assert.Equal(PredictionOutcome.Off, p.Outcome);
        Assert.Equal("Not close: off by 0.47 (it had to be within ±0.05).", p.Verdict);
        Assert.False(Assert.Single(Recorded()).Passed);
    }

    [Fact]
    public void A_guess_not_written_yet_is_reported_and_not_recorded()
    {
        var numeric = Predict.Score("q06.gradient-ratio", double.NaN, 3.1e-5, Closeness.Factor(10), "why");
        var choice = Predict.Score("q16.pooling", "  ", "max", ["max", "average"], "why");
        var yesNo = Predict.Score("q13.train-eval", null, true, "why");
        Assert.All(new[] { numeric, choice, yesNo }, p => Assert.Equal(PredictionOutcome.NoGuess, p.Outcome));
        Assert.StartsWith("No guess written yet", numeric.Verdict);
        Assert.Empty(Recorded());
    }

    [Fact]
    public void Choices_ignore_case_and_a_guess_outside_them_is_one_clear_error()
    {
        Assert.Equal(PredictionOutcome.Close, Predict.Score("q16.pooling", " MAX ", "max", ["max", "average"], "why").Outcome);
        Assert.Equal(PredictionOutcome.Off, Predict.Score("q13.train-eval", false, true, "why").Outcome);
        var error = Assert.Throws<ArgumentException>(() => Predict.Score("q16.pooling", "median", "max", ["max", "average"], "why"));
        Assert.StartsWith("Your guess 'median' is not one of the choices. Allowed: \"max\", \"average\".", error.Message);
        Assert.Equal(2, Recorded().Count);
    }

    [Theory]
    [InlineData("gradient-ratio")]
    [InlineData("q21.x")]
    [InlineData("q06.Gradient Ratio")]
    [InlineData("x06.ratio")]
    public void A_bad_id_says_what_an_id_looks_like(string id)
    {
        var error = Assert.Throws<ArgumentException>(() => Predict.Score(id, 1, 1, Closeness.Within(1), "why"));
        Assert.StartsWith("A prediction id is '<card>.<name>' with a card q01..q20 or e01..e20", error.Message);
    }

    [Fact]
    public void Bad_closeness_parameters_are_refused_with_the_allowed_range()
    {
        Assert.Contains("above 1", Assert.Throws<ArgumentOutOfRangeException>(() => Closeness.Factor(1)).Message);
        Assert.Contains("positive", Assert.Throws<ArgumentOutOfRangeException>(() => Closeness.Within(0)).Message);
        Assert.Contains("positive", Assert.Throws<ArgumentOutOfRangeException>(() => Closeness.Relative(double.NaN)).Message);
    }

    [Fact]
    public void A_progress_file_that_cannot_be_written_still_shows_the_result()
    {
        Predict.Store = () => throw new UnauthorizedAccessException("read-only folder");
        var p = Predict.Score("q07.relu-slope", 1.0, 1.0, Closeness.Within(0.1), "ReLU's slope is 1 for positive inputs.");
        Assert.Equal(PredictionOutcome.Close, p.Outcome);
        Assert.Equal("read-only folder", p.NotRecorded);
        Assert.Contains("Not recorded in your progress: read-only folder", PredictionView.ToText(p));
    }

    [Fact]
    public void The_html_shows_guess_measurement_verdict_and_why()
    {
        var p = Predict.Score("q06.gradient-ratio", 1e-5, 3.1e-5, Closeness.Factor(10), "Sigmoid's slope is at most 1/4 <per layer>.");
        var root = XhtmlTestKit.Parse(PredictionView.ToHtml(p));
        Assert.Equal("nn-prediction", (string?)root.Attribute("class"));
        var text = root.Value;
        Assert.Contains("your guess 1e-05 · measured 3.1e-05", text);
        Assert.Contains("✔ Close", text);
        Assert.Contains("at most 1/4 <per layer>", text);    // encoded in the HTML, shown as written
    }
}
