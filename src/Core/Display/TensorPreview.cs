using System.Globalization;
using System.Text;
using TorchSharp;

namespace NeuralNotebooks.Display;

/// <summary>
/// The values of a tensor printed the way PyTorch prints them: <c>tensor([[0.1000, 2.0000], ...])</c>,
/// with only the edge items of long dimensions (and "..." between them) once the tensor has more than
/// <see cref="Threshold"/> elements. Only those edge items are copied to .NET.
/// </summary>
public static class TensorPreview
{
    public const long Threshold = 1000;
    public const int EdgeItems = 3;

    public static string Of(torch.Tensor tensor)
    {
        var shape = tensor.shape;
        bool summarise = tensor.numel() > Threshold;
        using var scope = torch.NewDisposeScope();
        var edges = summarise ? EdgesOf(tensor.detach()) : tensor.detach();
        var cells = Cells(edges, tensor.dtype);
        int width = cells.Max(c => c.Length);
        var text = new StringBuilder("tensor(");
        int position = 0;
        Write(text, shape, 0, cells, width, summarise, ref position, indent: 7);
        text.Append(')');
        return text.ToString();
    }

    /// <summary>Keeps the first and last EdgeItems along every long dimension: a tensor of at most 6^d elements.</summary>
    static torch.Tensor EdgesOf(torch.Tensor tensor)
    {
        for (int d = 0; d < tensor.dim(); d++)
        {
            long n = tensor.shape[d];
            if (n > 2 * EdgeItems)
                tensor = torch.cat([tensor.narrow(d, 0, EdgeItems), tensor.narrow(d, n - EdgeItems, EdgeItems)], d);
        }
        return tensor;
    }

    static void Write(StringBuilder text, long[] shape, int dim, string[] cells, int width, bool summarise, ref int position, int indent)
    {
        if (shape.Length == 0) { text.Append(cells[position++]); return; }
        long n = shape[dim];
        bool cut = summarise && n > 2 * EdgeItems;
        int shown = cut ? 2 * EdgeItems : (int)n;
        text.Append('[');
        for (int i = 0; i < shown; i++)
        {
            if (i > 0)
            {
                text.Append(',');
                if (dim == shape.Length - 1) text.Append(' ');
                else text.Append('\n', shape.Length - 1 - dim).Append(' ', indent + dim + 1);
            }
            if (cut && i == EdgeItems)
            {
                text.Append("...");
                text.Append(',');
                if (dim == shape.Length - 1) text.Append(' ');
                else text.Append('\n', shape.Length - 1 - dim).Append(' ', indent + dim + 1);
            }
            if (dim == shape.Length - 1) text.Append(cells[position++].PadLeft(width));
            else Write(text, shape, dim + 1, cells, width, summarise, ref position, indent);
        }
        text.Append(']');
    }

    /// <summary>Every element of a small tensor as text, in row-major order, formatted alike.</summary>
    static string[] Cells(torch.Tensor small, torch.ScalarType dtype)
    {
        var cpu = small.cpu().contiguous();
        switch (dtype)
        {
            case torch.ScalarType.Bool:
                return cpu.data<bool>().Select(b => b ? "True" : "False").ToArray();
            case torch.ScalarType.Byte or torch.ScalarType.Int8 or torch.ScalarType.Int16 or torch.ScalarType.Int32 or torch.ScalarType.Int64:
                return cpu.to_type(torch.ScalarType.Int64).data<long>().Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
            case torch.ScalarType.ComplexFloat32 or torch.ScalarType.ComplexFloat64:
                var parts = torch.view_as_real(cpu.to_type(torch.ScalarType.ComplexFloat64)).contiguous().data<double>().ToArray();
                var format = NumberFormat.For(parts);
                return Enumerable.Range(0, parts.Length / 2)
                    .Select(i => format.Write(parts[2 * i]) + (parts[2 * i + 1] < 0 || double.IsNegative(parts[2 * i + 1]) ? "-" : "+") + format.Write(Math.Abs(parts[2 * i + 1])).TrimStart() + "j")
                    .ToArray();
            default:
                var values = cpu.to_type(torch.ScalarType.Float64).data<double>().ToArray();
                var numbers = NumberFormat.For(values);
                return values.Select(numbers.Write).ToArray();
        }
    }
}
