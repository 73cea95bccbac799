using NeuralNotebooks.Display;
using TorchSharp;
using static NeuralNotebooks.Tests.Display.XhtmlTestKit;

namespace NeuralNotebooks.Tests.Display;

public class TensorPicturesTests
{
    static string KindOf(torch.Tensor t) =>
        (string)WithClass(Parse(TensorSummary.Of(t).ToHtml()), "nn-picture").Single().Attribute("data-kind")!;

    [Fact]
    public void Each_shape_gets_the_picture_that_suits_it()
    {
        Assert.Equal("sparkline", KindOf(torch.randn(50)));
        Assert.Equal("histogram", KindOf(torch.randn(5000)));
        Assert.Equal("heatmap", KindOf(torch.randn(20, 30)));
        Assert.Equal("image", KindOf(torch.rand(3, 32, 32)));
        Assert.Equal("image", KindOf(torch.rand(8, 1, 28, 28)));
        Assert.Empty(WithClass(Parse(TensorSummary.Of(torch.randn(2, 5, 7)).ToHtml()), "nn-picture"));
    }

    [Fact]
    public void An_image_tensor_becomes_a_png_of_its_size()
    {
        using var t = torch.rand(3, 32, 40);
        var img = WithClass(Parse(TensorSummary.Of(t).ToHtml()), "nn-image").Single();
        using var bitmap = DecodeImage(img);

        Assert.Equal(40, bitmap.Width);
        Assert.Equal(32, bitmap.Height);
    }

    [Fact]
    public void Image_pixels_keep_their_colours()
    {
        using var red = torch.zeros(3, 8, 8);
        red[0] = torch.ones(8, 8);
        using var bitmap = SkiaSharp.SKBitmap.Decode(red.AsImage().Png);

        Assert.Equal(new SkiaSharp.SKColor(255, 0, 0), bitmap.GetPixel(3, 3));
    }

    [Fact]
    public void A_batch_becomes_a_grid_with_two_pixel_gaps()
    {
        using var t = torch.rand(5, 1, 28, 28);
        var picture = t.AsImage();

        Assert.Equal(3 * 28 + 2 * 2, picture.Width);    // 5 images: 3 columns, 2 rows
        Assert.Equal(2 * 28 + 2, picture.Height);
        Assert.Contains("grid of 5 images", picture.Text);
    }

    [Fact]
    public void A_big_heatmap_is_subsampled_to_at_most_128_per_side_and_shows_its_colour_scale()
    {
        using var t = torch.arange(300 * 500, dtype: torch.float32).reshape(300, 500);
        var picture = Parse(t.AsHeatmap().Html);
        using var bitmap = DecodeImage(WithClass(picture, "nn-heatmap").Single());

        Assert.Equal(125, bitmap.Width);     // every 4th of 500
        Assert.Equal(100, bitmap.Height);    // every 3rd of 300
        Assert.Equal("0", Text(picture, "data-scale", "min"));
        Assert.Equal("1.49e+5", Text(picture, "data-scale", "max"));    // 297*500 + 496 = 148996, the last sampled element
    }

    [Fact]
    public void Explicit_pictures_accept_channels_last_and_reject_what_is_not_an_image()
    {
        Assert.Equal(16, torch.rand(16, 20, 3).AsImage().Height);
        var error = Assert.Throws<ArgumentException>(() => torch.rand(5, 16, 16).AsImage());
        Assert.Equal("Cannot read shape [5, 16, 16] as an image. Allowed: [H, W], [C, H, W] or [H, W, C] with C = 1 or 3, [N, C, H, W] with C = 1 or 3.", error.Message);
        Assert.Throws<ArgumentException>(() => torch.zeros(0).Show());
    }

    [Fact]
    public void A_histogram_counts_every_finite_value()
    {
        using var t = torch.cat([torch.zeros(600), torch.ones(400), torch.tensor(new[] { float.NaN })]);
        var svg = Parse(t.AsHistogram(bins: 2).Html);
        var heights = svg.Descendants().Where(e => e.Name.LocalName == "rect").Select(r => double.Parse((string)r.Attribute("height")!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        Assert.Equal(2, heights.Length);
        Assert.Equal(600.0 / 400, heights[0] / heights[1], 2);
    }
}
