using System.Globalization;
using System.Text;
using TorchSharp;

namespace NeuralNotebooks.Display;

/// <summary>
/// What the notebook shows for a tensor, lovely-tensors style: a header (shape, dtype, device, grad,
/// elements, bytes), statistics computed on the tensor's device, a PyTorch-style preview of the edge
/// values, and a picture when the shape suggests one. Cost is bounded: a 1e8-element tensor is never
/// copied to .NET. Formatting never throws: an unreadable tensor gives one plain line.
/// </summary>
public sealed class TensorSummary
{
    public string Kind { get; }                 // "tensor" or "parameter"
    public long[] Shape { get; } = [];
    public string DType { get; } = "";
    public string Device { get; } = "";
    public bool RequiresGrad { get; }
    public bool HasGradFn { get; }              // a non-leaf tensor: produced by an op autograd recorded
    public bool HasGrad { get; }
    public bool Contiguous { get; }
    public long Elements { get; }
    public long Bytes { get; }
    public TensorStatistics? Statistics { get; }
    public string Preview { get; } = "";
    public Picture? Picture { get; }
    /// <summary>Set when the tensor could not be read (disposed, say): the one line shown instead.</summary>
    public string? Unreadable { get; }

    TensorSummary(string kind, string unreadable) { Kind = kind; Unreadable = unreadable; }

    TensorSummary(torch.Tensor t, string kind, bool withPicture)
    {
        Kind = kind;
        Shape = t.shape;
        DType = DTypeName(t.dtype);
        Device = t.device.ToString();
        RequiresGrad = t.requires_grad;
        HasGradFn = t.requires_grad && !t.is_leaf;
        HasGrad = t.is_leaf && t.requires_grad && t.grad is { } g && !g.IsInvalid;
        Contiguous = t.is_contiguous();
        Elements = t.numel();
        Bytes = Elements * t.element_size();
        if (Elements > 0)
        {
            Statistics = Shape.Length == 0 ? null : TensorStatistics.Of(t);
            Preview = TensorPreview.Of(t);
            if (withPicture) Picture = TensorPictures.Auto(t);
        }
        else Preview = $"tensor([], size=({string.Join(", ", Shape)}{(Shape.Length == 1 ? "," : "")}))";
    }

    /// <summary>Summarises a tensor; never throws.</summary>
    public static TensorSummary Of(torch.Tensor tensor, bool withPicture = true)
    {
        string kind = tensor is TorchSharp.Modules.Parameter ? "parameter" : "tensor";
        try
        {
            if (tensor is null) return new(kind, "null tensor");
            if (tensor.IsInvalid) return new(kind, $"{kind} (disposed: its memory has been freed, nothing to show)");
            return new(tensor, kind, withPicture);
        }
        catch (Exception e)
        {
            return new(kind, $"{kind} (cannot be read: {FirstLine(e.Message)})");
        }
    }

    public string ShapeText => "[" + string.Join(", ", Shape) + "]";

    /// <summary>The grad part of the header: empty when the tensor takes no part in autograd.</summary>
    public string GradText => !RequiresGrad ? "" : HasGradFn ? "requires_grad, has grad_fn" : HasGrad ? "requires_grad, has .grad" : "requires_grad";

    /// <summary>Header line: <c>tensor[2, 3] float32 cpu n=6 24 B</c> plus grad and layout notes.</summary>
    public string HeaderLine
    {
        get
        {
            if (Unreadable is not null) return Unreadable;
            var parts = new List<string> { Kind + ShapeText, DType, Device, $"n={Elements.ToString("N0", CultureInfo.InvariantCulture)}", FormatBytes(Bytes) };
            if (GradText.Length > 0) parts.Add(GradText);
            if (!Contiguous) parts.Add("non-contiguous");
            return string.Join(" ", parts);
        }
    }

    /// <summary>Statistics line, NaN/Inf counts flagged with "!"; empty for 0-d and empty tensors.</summary>
    public string StatisticsLine
    {
        get
        {
            if (Statistics is not { } s) return "";
            var line = new StringBuilder(s.OfMagnitude ? "|z| " : "");
            string about = s.Sampled ? "≈" : "";
            line.Append($"min {NumberFormat.Short(s.Min)}  max {NumberFormat.Short(s.Max)}  mean {about}{NumberFormat.Short(s.Mean)}  std {about}{NumberFormat.Short(s.Std)}  zeros {about}{Percent(s.ZeroFraction)}");
            foreach (var (name, count) in NonFinite(s)) line.Append($"  {name} {count}!");
            return line.ToString();
        }
    }

    public override string ToString() =>
        Unreadable ?? string.Join("\n", new[] { HeaderLine, StatisticsLine, Preview }.Where(l => l.Length > 0));

    /// <summary>Well-formed XHTML: header table, statistics table, preview, picture.</summary>
    public string ToHtml()
    {
        if (Unreadable is not null) return $"<div class=\"nn-tensor nn-unreadable\"><code>{Html.Escape(Unreadable)}</code></div>";
        var html = new StringBuilder("<div class=\"nn-tensor\">");
        html.Append($"<table class=\"nn-header\" style=\"{Html.TableStyle}\"><tr>");
        foreach (var (field, value) in HeaderFields())
            html.Append($"<th style=\"{Html.CellStyle}\">{field}</th>");
        html.Append("</tr><tr>");
        foreach (var (field, value) in HeaderFields())
            html.Append($"<td data-field=\"{field}\" style=\"{Html.CellStyle}\"><code>{Html.Escape(value)}</code></td>");
        html.Append("</tr></table>");
        if (Statistics is { } s)
        {
            html.Append($"<table class=\"nn-stats\" style=\"{Html.TableStyle}\"><tr>");
            var cells = StatisticFields(s).ToArray();
            foreach (var (name, _, _) in cells) html.Append($"<th style=\"{Html.CellStyle}\">{name}</th>");
            html.Append("</tr><tr>");
            foreach (var (name, value, alert) in cells)
                html.Append($"<td data-stat=\"{name}\" style=\"{Html.CellStyle}\">{(alert ? Html.Alert(value) : Html.Escape(value))}</td>");
            html.Append("</tr></table>");
        }
        html.Append($"<pre class=\"nn-preview\" style=\"margin:2px 0\">{Html.Escape(Preview)}</pre>");
        if (Picture is not null) html.Append(Picture.Html);
        html.Append("</div>");
        return html.ToString();
    }

    IEnumerable<(string Field, string Value)> HeaderFields()
    {
        yield return ("shape", ShapeText);
        yield return ("dtype", DType);
        yield return ("device", Device);
        yield return ("grad", GradText.Length == 0 ? "no" : GradText);
        yield return ("elements", Elements.ToString("N0", CultureInfo.InvariantCulture));
        yield return ("memory", FormatBytes(Bytes));
        if (!Contiguous) yield return ("layout", "non-contiguous view");
    }

    static IEnumerable<(string Name, string Value, bool Alert)> StatisticFields(TensorStatistics s)
    {
        string prefix = s.OfMagnitude ? "|z| " : "", about = s.Sampled ? "≈" : "";
        yield return ("min", prefix + NumberFormat.Short(s.Min), false);
        yield return ("max", prefix + NumberFormat.Short(s.Max), false);
        yield return ("mean", prefix + about + NumberFormat.Short(s.Mean), false);
        yield return ("std", prefix + about + NumberFormat.Short(s.Std), false);
        yield return ("zeros", about + Percent(s.ZeroFraction), false);
        yield return ("nan", s.NaN.ToString(CultureInfo.InvariantCulture), s.NaN > 0);
        yield return ("+inf", s.PositiveInfinity.ToString(CultureInfo.InvariantCulture), s.PositiveInfinity > 0);
        yield return ("-inf", s.NegativeInfinity.ToString(CultureInfo.InvariantCulture), s.NegativeInfinity > 0);
    }

    static IEnumerable<(string Name, long Count)> NonFinite(TensorStatistics s) =>
        new[] { ("NaN", s.NaN), ("+Inf", s.PositiveInfinity), ("-Inf", s.NegativeInfinity) }.Where(p => p.Item2 > 0);

    public static string DTypeName(torch.ScalarType t) => t switch
    {
        torch.ScalarType.Byte => "uint8",
        torch.ScalarType.ComplexFloat32 => "complex64",
        torch.ScalarType.ComplexFloat64 => "complex128",
        _ => t.ToString().ToLowerInvariant(),
    };

    public static string FormatBytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB".Replace(',', '.'),
        < 1024L * 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.#} MB".Replace(',', '.'),
        _ => $"{bytes / (1024.0 * 1024 * 1024):0.##} GB".Replace(',', '.'),
    };

    static string Percent(double fraction) => (fraction * 100).ToString(fraction is > 0 and < 0.001 ? "0.###" : "0.#", CultureInfo.InvariantCulture) + "%";

    static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
