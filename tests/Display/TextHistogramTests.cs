using NeuralNotebooks.Display;
using Xunit;

namespace NeuralNotebooks.Tests.Display;

public class TextHistogramTests
{
    [Fact]
    public void Values_land_in_their_bins_and_the_upper_edge_is_excluded()
    {
        var counts = TextHistogram.Counts([0f, 0.49f, 0.5f, 0.99f, 1f, -0.1f], 0, 1, 2);
        Assert.Equal([2, 2], counts);
    }

    [Fact]
    public void The_fullest_bin_gets_the_full_width_and_outsiders_are_reported()
    {
        var text = TextHistogram.Render([0.1f, 0.1f, 0.1f, 0.9f, 5f], 0, 1, bins: 2, width: 6);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("██████  3", lines[0]);
        Assert.Contains("██      1", lines[1]);
        Assert.Equal("outside [0, 1): 1", lines[2]);
    }

    [Fact]
    public void An_empty_range_is_refused_with_a_clear_message()
    {
        var error = Assert.Throws<ArgumentException>(() => TextHistogram.Counts([1f], 2, 2, 4));
        Assert.Contains("Expected min < max", error.Message);
    }
}
