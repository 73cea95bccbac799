using System.Globalization;
using System.Text;
using TorchSharp;

namespace NeuralNotebooks.Display;

/// <summary>
/// Pictures of tensors: a sparkline or histogram for 1-D, a heatmap with a colour scale for 2-D, an
/// image for [H, W] uint8 and [C, H, W] (C = 1 or 3), an image grid for [N, C, H, W]. Big tensors are
/// subsampled on their device first, so a picture never costs more than a few hundred kilobytes.
/// <c>t.Show()</c>, <c>t.AsImage()</c>, <c>t.AsHeatmap()</c>, <c>t.AsHistogram()</c> ask for one explicitly.
/// </summary>
public static class TensorPictures
{
    public const int SparklineMaxPoints = 400;
    public const int HeatmapMaxSide = 128;
    public const int ImageMaxSide = 192;
    public const int GridMaxImages = 16;
    const long HistogramSample = 100_000;

    /// <summary>The picture the tensor formatter adds on its own, or null when the shape suggests none.</summary>
    public static Picture? Auto(torch.Tensor t)
    {
        if (t.is_complex() || t.numel() < 2) return null;
        var s = t.shape;
        return s.Length switch
        {
            1 => t.numel() <= SparklineMaxPoints ? AsSparkline(t) : AsHistogram(t),
            2 when t.dtype == torch.ScalarType.Byte && s[0] >= 8 && s[1] >= 8 => AsImage(t),
            2 when s[0] == 1 || s[1] == 1 => Auto(t.reshape(-1)),
            2 => AsHeatmap(t),
            3 when s[0] is 1 or 3 && s[1] >= 8 && s[2] >= 8 => AsImage(t),
            4 when s[1] is 1 or 3 && s[2] >= 8 && s[3] >= 8 => AsImage(t),
            _ => null,
        };
    }

    /// <summary>A picture for any tensor of 1 to 4 dimensions, reading 3-D and 4-D ones as images.</summary>
    public static Picture Show(this torch.Tensor t)
    {
        Require(t, "show");
        return t.dim() switch
        {
            0 => throw new ArgumentException("A 0-d tensor is a single number; there is nothing to draw."),
            1 => t.numel() <= SparklineMaxPoints ? AsSparkline(t) : AsHistogram(t),
            2 => AsHeatmap(t),
            3 or 4 => AsImage(t),
            _ => throw new ArgumentException($"Show draws tensors of 1 to 4 dimensions; this one has shape {Shape(t)}. Select or reshape first."),
        };
    }

    /// <summary>
    /// The tensor as an image: [H, W] grey, [C, H, W] or [H, W, C] with C = 1 or 3, or [N, C, H, W] as a grid
    /// of at most 16. uint8 is read as 0..255, floats already in [0, 1] as they are, anything else is min-max scaled.
    /// </summary>
    public static Picture AsImage(this torch.Tensor t)
    {
        Require(t, "draw as an image");
        using var scope = torch.NewDisposeScope();
        var x = t.detach();
        var s = x.shape;
        x = s.Length switch
        {
            2 => x.unsqueeze(0).unsqueeze(0),
            3 when s[0] is 1 or 3 => x.unsqueeze(0),
            3 when s[2] is 1 or 3 => x.permute(2, 0, 1).unsqueeze(0),
            4 when s[1] is 1 or 3 => x,
            _ => throw new ArgumentException(
                $"Cannot read shape {Shape(t)} as an image. Allowed: [H, W], [C, H, W] or [H, W, C] with C = 1 or 3, [N, C, H, W] with C = 1 or 3."),
        };
        long n = Math.Min(x.shape[0], GridMaxImages);
        int columns = (int)Math.Ceiling(Math.Sqrt(n)), rows = (int)Math.Ceiling(n / (double)columns);
        int maxSide = Math.Max(8, ImageMaxSide / Math.Max(columns, rows));
        var images = Subsample(x.narrow(0, 0, n), 2, maxSide);
        var unit = ToUnitRange(images, t.dtype);
        int c = (int)unit.shape[1], h = (int)unit.shape[2], w = (int)unit.shape[3];
        var pixels = unit.cpu().contiguous().data<double>().ToArray();

        const int gap = 2;
        int width = columns * w + (columns - 1) * gap, height = rows * h + (rows - 1) * gap;
        var rgb = Enumerable.Repeat((byte)255, width * height * 3).ToArray();
        for (int k = 0; k < n; k++)
        {
            int x0 = (k % columns) * (w + gap), y0 = (k / columns) * (h + gap);
            for (int y = 0; y < h; y++)
                for (int xx = 0; xx < w; xx++)
                    for (int ch = 0; ch < 3; ch++)
                    {
                        double v = pixels[((k * c + (c == 3 ? ch : 0)) * h + y) * w + xx];
                        rgb[((y0 + y) * width + x0 + xx) * 3 + ch] = (byte)Math.Round(v * 255);
                    }
        }
        var png = Png.Encode(rgb, width, height);
        string what = n == 1 ? $"image {w}x{h}" : $"grid of {n} images {w}x{h}" + (x.shape[0] > n ? $" (first {n} of {x.shape[0]})" : "");
        var html = $"<div class=\"nn-picture\" data-kind=\"image\">{Png.ImgTag(png, width, height, "nn-image")}<div class=\"nn-caption\" style=\"font-size:smaller;color:#666\">{what}</div></div>";
        return new Picture(html, what, width, height, png);
    }

    /// <summary>A 2-D tensor as a heatmap (viridis) with its colour scale; bigger than 128 per side is subsampled.</summary>
    public static Picture AsHeatmap(this torch.Tensor t)
    {
        Require(t, "draw as a heatmap");
        if (t.dim() != 2) throw new ArgumentException($"A heatmap needs a 2-D tensor; got shape {Shape(t)}.");
        using var scope = torch.NewDisposeScope();
        var small = Subsample(Real(t.detach()), 0, HeatmapMaxSide).to_type(torch.ScalarType.Float64).cpu().contiguous();
        int h = (int)small.shape[0], w = (int)small.shape[1];
        var values = small.data<double>().ToArray();
        var finite = values.Where(double.IsFinite).DefaultIfEmpty(0).ToArray();
        double lo = finite.Min(), hi = finite.Max(), range = hi > lo ? hi - lo : 1;
        var rgb = new byte[w * h * 3];
        for (int i = 0; i < values.Length; i++)
        {
            var (r, g, b) = double.IsNaN(values[i]) ? ((byte)255, (byte)0, (byte)255)   // NaN: magenta, impossible to miss
                : Colormap.Viridis((values[i] - lo) / range);
            rgb[3 * i] = r; rgb[3 * i + 1] = g; rgb[3 * i + 2] = b;
        }
        var png = Png.Encode(rgb, w, h);
        bool subsampled = h < t.shape[0] || w < t.shape[1];
        int scale = Math.Max(1, 192 / Math.Max(w, h));
        var html = new StringBuilder("<div class=\"nn-picture\" data-kind=\"heatmap\">")
            .Append(Png.ImgTag(png, w, h, "nn-heatmap", 192))
            .Append($"<div class=\"nn-colorscale\" style=\"display:flex;align-items:center;gap:4px;font-size:smaller;width:{w * scale}px\">")
            .Append($"<span data-scale=\"min\">{NumberFormat.Short(lo)}</span>")
            .Append($"<span style=\"flex:1;height:10px;background:{Colormap.CssGradient}\"></span>")
            .Append($"<span data-scale=\"max\">{NumberFormat.Short(hi)}</span></div>")
            .Append(subsampled ? $"<div class=\"nn-caption\" style=\"font-size:smaller;color:#666\">every {Stride(t.shape[0], HeatmapMaxSide)}th row and {Stride(t.shape[1], HeatmapMaxSide)}th column</div>" : "")
            .Append("</div>");
        return new Picture(html.ToString(), $"heatmap {w}x{h}, {NumberFormat.Short(lo)} to {NumberFormat.Short(hi)}", w, h, png);
    }

    /// <summary>A line of up to 400 values as a small SVG.</summary>
    public static Picture AsSparkline(this torch.Tensor t)
    {
        Require(t, "draw as a sparkline");
        using var scope = torch.NewDisposeScope();
        var flat = Subsample(Real(t.detach()).reshape(-1), 0, SparklineMaxPoints);
        var values = flat.to_type(torch.ScalarType.Float64).cpu().data<double>().ToArray();
        const int width = 240, height = 40;
        var finite = values.Where(double.IsFinite).DefaultIfEmpty(0).ToArray();
        double lo = finite.Min(), hi = finite.Max(), range = hi > lo ? hi - lo : 1;
        var points = string.Join(" ", values.Select((v, i) => double.IsFinite(v)
            ? F(values.Length == 1 ? 0 : i * (width - 2.0) / (values.Length - 1) + 1) + "," + F(height - 2 - (v - lo) / range * (height - 4))
            : null).Where(p => p is not null));
        var svg = $"<svg class=\"nn-sparkline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">" +
                  $"<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.2\" points=\"{points}\" /></svg>";
        var html = $"<div class=\"nn-picture\" data-kind=\"sparkline\">{svg}</div>";
        return new Picture(html, $"sparkline of {values.Length} values", width, height);
    }

    /// <summary>A histogram of the finite values (bins counted on the tensor's device; above 1e5 elements, of an even sample).</summary>
    public static Picture AsHistogram(this torch.Tensor t, int bins = 40)
    {
        Require(t, "draw as a histogram");
        using var scope = torch.NewDisposeScope();
        var flat = Real(t.detach()).reshape(-1);
        bool sampled = flat.numel() > HistogramSample;
        if (sampled) flat = flat[torch.TensorIndex.Slice(0, null, flat.numel() / HistogramSample)];
        // At most 1e5 values come to .NET: binning them here takes two kernel launches instead of six.
        var values = flat.to_type(torch.ScalarType.Float64).cpu().data<double>().ToArray().Where(double.IsFinite).ToArray();
        double lo = values.Length > 0 ? values.Min() : 0, hi = values.Length > 0 ? values.Max() : 0;
        var counts = new long[bins];
        double scale = hi > lo ? bins / (hi - lo) : 0;
        foreach (var v in values) counts[Math.Clamp((int)((v - lo) * scale), 0, bins - 1)]++;
        const int width = 240, height = 48;
        long most = Math.Max(1, counts.Max());
        double barWidth = (double)width / bins;
        var bars = new StringBuilder();
        for (int i = 0; i < bins; i++)
        {
            double barHeight = counts[i] == 0 ? 0 : Math.Max(1, counts[i] * (height - 2.0) / most);
            bars.Append($"<rect x=\"{F(i * barWidth)}\" y=\"{F(height - barHeight)}\" width=\"{F(barWidth - 0.5)}\" height=\"{F(barHeight)}\" fill=\"#1f77b4\" />");
        }
        var svg = $"<svg class=\"nn-histogram\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">{bars}</svg>";
        var axis = $"<div style=\"display:flex;justify-content:space-between;width:{width}px;font-size:smaller;color:#666\"><span>{NumberFormat.Short(lo)}</span><span>{(sampled ? "histogram of a 1e5 sample" : "histogram")}</span><span>{NumberFormat.Short(hi)}</span></div>";
        var html = $"<div class=\"nn-picture\" data-kind=\"histogram\">{svg}{axis}</div>";
        return new Picture(html, $"histogram, {bins} bins from {NumberFormat.Short(lo)} to {NumberFormat.Short(hi)}", width, height);
    }

    /// <summary>Every dimension from <paramref name="fromDim"/> on, strided so it is at most maxSide long (on the device, no copy).</summary>
    static torch.Tensor Subsample(torch.Tensor x, int fromDim, int maxSide)
    {
        var indices = new torch.TensorIndex[x.dim()];
        for (int d = 0; d < x.dim(); d++)
            indices[d] = d >= fromDim && x.shape[d] > maxSide ? torch.TensorIndex.Slice(0, null, Stride(x.shape[d], maxSide)) : torch.TensorIndex.Colon;
        return x[indices];
    }

    static long Stride(long length, int maxSide) => (length + maxSide - 1) / maxSide;

    /// <summary>[N, C, h, w] scaled into [0, 1] for display.</summary>
    static torch.Tensor ToUnitRange(torch.Tensor x, torch.ScalarType dtype)
    {
        var v = torch.nan_to_num(x.to_type(torch.ScalarType.Float64), 0, 0, 0);
        if (dtype == torch.ScalarType.Byte) return v / 255.0;
        double lo = v.min().item<double>(), hi = v.max().item<double>();
        if (lo >= 0 && hi <= 1 && dtype is not (torch.ScalarType.Int8 or torch.ScalarType.Int16 or torch.ScalarType.Int32 or torch.ScalarType.Int64)) return v;
        return hi > lo ? (v - lo) / (hi - lo) : torch.zeros_like(v);
    }

    static torch.Tensor Real(torch.Tensor x) =>
        x.is_complex() ? x.abs() : x.dtype == torch.ScalarType.Bool ? x.to_type(torch.ScalarType.Float32) : x;

    static void Require(torch.Tensor t, string what)
    {
        if (t.IsInvalid) throw new ObjectDisposedException("tensor", $"Cannot {what}: the tensor has been disposed.");
        if (t.numel() == 0) throw new ArgumentException($"Cannot {what} an empty tensor (shape {Shape(t)}).");
    }

    internal static string Shape(torch.Tensor t) => "[" + string.Join(", ", t.shape) + "]";

    static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
