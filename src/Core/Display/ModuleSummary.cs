using NeuralNotebooks.Runtime;
using System.Globalization;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using System.Text;
using TorchSharp;

namespace NeuralNotebooks.Display;

/// <summary>One row of a model summary: a module, where it sits, what it holds and (after a sample forward pass) what it returned.</summary>
public sealed record LayerRow(string Name, int Depth, string Type, long Parameters, long Trainable, string? OutputShape);

/// <summary>
/// A torchinfo-style model summary: every module by hierarchical name, its type, parameter count
/// (including its children's) and whether they train; totals and size. Given an input shape, one forward
/// pass with zeros (in eval mode, without grad) records each module's output shape through forward hooks.
/// <c>ModuleSummary.Of(model)</c> or <c>ModuleSummary.Of(model, 1, 3, 32, 32)</c>; it formats as HTML and text.
/// </summary>
public sealed class ModuleSummary
{
    public string ModelType { get; }
    public IReadOnlyList<LayerRow> Layers { get; }
    public long TotalParameters { get; }
    public long TrainableParameters { get; }
    public long ParameterBytes { get; }
    public long BufferBytes { get; }
    public long[]? InputShape { get; }
    public string? OutputShape { get; }

    public double SizeMegabytes => (ParameterBytes + BufferBytes) / (1024.0 * 1024.0);

    ModuleSummary(string modelType, IReadOnlyList<LayerRow> layers, long total, long trainable, long parameterBytes, long bufferBytes, long[]? input, string? output)
    {
        (ModelType, Layers, TotalParameters, TrainableParameters, ParameterBytes, BufferBytes, InputShape, OutputShape) =
            (modelType, layers, total, trainable, parameterBytes, bufferBytes, input, output);
    }

    public static ModuleSummary Of(torch.nn.Module model, params long[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(model);
        var named = DepthFirst(model, "").ToArray();
        Dictionary<torch.nn.Module, string> outputs = new(ReferenceEqualityComparer.Instance);
        string? modelOutput = null;
        long[]? input = inputShape is { Length: > 0 } ? inputShape : null;
        if (input is not null)
        {
            if (input.Any(d => d <= 0)) throw new ArgumentException($"Every input dimension must be positive; got [{string.Join(", ", input)}].");
            modelOutput = ForwardWithHooks(model, named.Select(n => n.Item2).ToArray(), input, outputs);
        }

        var layers = named.Select(n => Row(n.Item1, n.Item2, outputs.GetValueOrDefault(n.Item2))).ToList();
        var parameters = model.parameters().ToArray();
        long total = parameters.Sum(p => p.numel());
        long trainable = parameters.Where(p => p.requires_grad).Sum(p => p.numel());
        long parameterBytes = parameters.Sum(p => p.numel() * p.element_size());
        long bufferBytes = model.buffers().Sum(b => b.numel() * b.element_size());
        return new(TypeName(model), layers, total, trainable, parameterBytes, bufferBytes, input, modelOutput);
    }

    /// <summary>Every submodule, each followed by its own children (named_modules lists a level at a time).</summary>
    static IEnumerable<(string, torch.nn.Module)> DepthFirst(torch.nn.Module module, string prefix)
    {
        foreach (var (name, child) in module.named_children())
        {
            var path = prefix.Length == 0 ? name : prefix + "." + name;
            yield return (path, child);
            foreach (var descendant in DepthFirst(child, path)) yield return descendant;
        }
    }

    static LayerRow Row(string name, torch.nn.Module module, string? output)
    {
        var parameters = module.parameters().ToArray();
        return new(name, name.Count(c => c == '.'), TypeName(module), parameters.Sum(p => p.numel()),
            parameters.Where(p => p.requires_grad).Sum(p => p.numel()), output);
    }

    /// <summary>Runs zeros of the input shape through the model, recording each hooked module's first output shape.</summary>
    static string ForwardWithHooks(torch.nn.Module model, torch.nn.Module[] modules, long[] shape, Dictionary<torch.nn.Module, string> outputs)
    {
        if (model is not torch.nn.Module<torch.Tensor, torch.Tensor> tensorModel)
            throw new ArgumentException($"A summary with an input shape needs a Module<Tensor, Tensor>; {TypeName(model)} takes other inputs. Leave out the input shape.");
        var removers = modules.Select(m => Hook(m, output => outputs.TryAdd(m, Describe(output)))).Where(r => r is not null).ToArray();
        bool wasTraining = model.training;
        var device = Devices.Of(model);
        // Token models start with an embedding and need integer input; everything else gets floats.
        var dtype = modules.FirstOrDefault() is TorchSharp.Modules.Embedding ? torch.ScalarType.Int64 : torch.ScalarType.Float32;
        try
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            model.eval();
            return Describe(tensorModel.call(torch.zeros(shape, dtype, device)));
        }
        catch (Exception e)     // libtorch's shape errors arrive as ArgumentException or ExternalException, with a C++ trace
        {
            throw new ArgumentException($"The model rejected an input of shape [{string.Join(", ", shape)}]: {e.Message.Split('\n')[0]}");
        }
        finally
        {
            model.train(wasTraining);
            foreach (var remove in removers) remove!();
        }
    }

    /// <summary>Registers a forward hook on any Module&lt;T, TResult&gt;; returns how to remove it, or null for other module kinds.</summary>
    static Action? Hook(torch.nn.Module module, Action<object?> record)
    {
        for (var type = module.GetType(); type is not null; type = type.BaseType)
        {
            if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(torch.nn.Module<,>)) continue;
            var (inputType, resultType) = (type.GetGenericArguments()[0], type.GetGenericArguments()[1]);
            var hookType = typeof(Func<,,,>).MakeGenericType(type, inputType, resultType, resultType);
            var (m, x, y) = (Expression.Parameter(type), Expression.Parameter(inputType), Expression.Parameter(resultType));
            var body = Expression.Block(Expression.Invoke(Expression.Constant(record), Expression.Convert(y, typeof(object))), y);
            var hook = Expression.Lambda(hookType, body, m, x, y).Compile();
            var remover = type.GetMethod("register_forward_hook", [hookType])?.Invoke(module, [hook]);
            var remove = remover?.GetType().GetMethod("remove", Type.EmptyTypes);
            return remove is null ? null : () => remove.Invoke(remover, null);
        }
        return null;
    }

    static string Describe(object? output) => output switch
    {
        torch.Tensor t => "[" + string.Join(", ", t.shape) + "]",
        ITuple tuple => "(" + string.Join(", ", Enumerable.Range(0, tuple.Length).Select(i => Describe(tuple[i]))) + ")",
        null => "None",
        _ => TypeName(output),
    };

    static string TypeName(object o)
    {
        var name = o.GetType().Name;
        int tick = name.IndexOf('`');
        return tick < 0 ? name : name[..tick];
    }

    static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    static string TrainableText(LayerRow row) => row.Parameters == 0 ? "" : row.Trainable == row.Parameters ? "yes" : row.Trainable == 0 ? "no" : "partly";

    public string ToHtml()
    {
        bool shapes = InputShape is not null;
        var html = new StringBuilder("<div class=\"nn-module-summary\">");
        html.Append($"<table style=\"{Html.TableStyle}\"><thead><tr><th style=\"{Html.CellStyle}\">Layer (type)</th>");
        if (shapes) html.Append($"<th style=\"{Html.CellStyle}\">Output shape</th>");
        html.Append($"<th style=\"{Html.CellStyle};text-align:right\">Parameters</th><th style=\"{Html.CellStyle}\">Trainable</th></tr></thead><tbody>");
        html.Append($"<tr data-layer=\"\"><td style=\"{Html.CellStyle}\"><strong>{Html.Escape(ModelType)}</strong></td>");
        if (shapes) html.Append($"<td data-column=\"output\" style=\"{Html.CellStyle}\"><code>{Html.Escape(OutputShape ?? "")}</code></td>");
        html.Append($"<td data-column=\"parameters\" style=\"{Html.CellStyle};text-align:right\">{Count(TotalParameters)}</td><td style=\"{Html.CellStyle}\"></td></tr>");
        foreach (var row in Layers)
        {
            html.Append($"<tr data-layer=\"{Html.Escape(row.Name)}\"><td style=\"{Html.CellStyle};padding-left:{8 + 16 * (row.Depth + 1)}px\">{Html.Escape(row.Name)} <span style=\"color:#666\">({Html.Escape(row.Type)})</span></td>");
            if (shapes) html.Append($"<td data-column=\"output\" style=\"{Html.CellStyle}\"><code>{Html.Escape(row.OutputShape ?? "")}</code></td>");
            html.Append($"<td data-column=\"parameters\" style=\"{Html.CellStyle};text-align:right\">{Count(row.Parameters)}</td>");
            html.Append($"<td data-column=\"trainable\" style=\"{Html.CellStyle}\">{TrainableText(row)}</td></tr>");
        }
        html.Append("</tbody></table><table class=\"nn-totals\" style=\"" + Html.TableStyle + "\">");
        foreach (var (name, value) in Totals())
            html.Append($"<tr><th style=\"{Html.CellStyle}\">{name}</th><td data-total=\"{name}\" style=\"{Html.CellStyle};text-align:right\">{Html.Escape(value)}</td></tr>");
        return html.Append("</table></div>").ToString();
    }

    IEnumerable<(string Name, string Value)> Totals()
    {
        yield return ("Total parameters", Count(TotalParameters));
        yield return ("Trainable parameters", Count(TrainableParameters));
        yield return ("Non-trainable parameters", Count(TotalParameters - TrainableParameters));
        yield return ("Size (MB)", SizeMegabytes.ToString("0.00", CultureInfo.InvariantCulture));
        if (InputShape is not null) yield return ("Input shape", "[" + string.Join(", ", InputShape) + "]");
    }

    public override string ToString()
    {
        bool shapes = InputShape is not null;
        var rows = new List<string[]> { new[] { ModelType, OutputShape ?? "", Count(TotalParameters), "" } };
        rows.AddRange(Layers.Select(r => new[] { new string(' ', 2 * (r.Depth + 1)) + $"{r.Name} ({r.Type})", r.OutputShape ?? "", Count(r.Parameters), TrainableText(r) }));
        int nameWidth = Math.Max(12, rows.Max(r => r[0].Length)), shapeWidth = Math.Max(12, rows.Max(r => r[1].Length)), countWidth = Math.Max(10, rows.Max(r => r[2].Length));
        string Line(string[] r) => (r[0].PadRight(nameWidth) + "  " + (shapes ? r[1].PadRight(shapeWidth) + "  " : "") + r[2].PadLeft(countWidth) + "  " + r[3]).TrimEnd();
        var text = new StringBuilder();
        text.AppendLine(Line(["Layer (type)", "Output shape", "Parameters", "Trainable"]));
        text.AppendLine(new string('=', Line(rows[0]).Length + 12));
        foreach (var row in rows) text.AppendLine(Line(row));
        text.AppendLine(new string('=', Line(rows[0]).Length + 12));
        foreach (var (name, value) in Totals()) text.AppendLine($"{name}: {value}");
        return text.ToString().TrimEnd();
    }
}
