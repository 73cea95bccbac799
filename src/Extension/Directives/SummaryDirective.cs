using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Directives;
using NeuralNotebooks.Display;
using TorchSharp;

namespace NeuralNotebooks.Extension.Directives;

/// <summary><c>#!summary &lt;variable&gt; [--input 1,3,32,32]</c>: the model summary of a C# variable.</summary>
public sealed class SummaryCommand : KernelDirectiveCommand
{
    public string? Variable { get; set; }
    public string? Input { get; set; }
}

static class SummaryDirective
{
    public static void AddTo(CompositeKernel root)
    {
        var variable = new KernelDirectiveParameter("--variable", "A C# variable holding a torch.nn.Module") { AllowImplicitName = true, Required = true }
            .AddCompletions(() => CSharp(root)?.ScriptState?.Variables.Where(v => v.Value is torch.nn.Module).Select(v => v.Name).Distinct() ?? []);
        var directive = new KernelActionDirective("#!summary")
        {
            Description = "Model summary of a torch.nn.Module variable: layers, parameters, size; with --input, each layer's output shape.",
            Parameters = [variable, new KernelDirectiveParameter("--input", "Sample input shape, comma-separated, e.g. 1,3,32,32")],
        };
        root.AddDirective<SummaryCommand>(directive, (command, context) =>
        {
            MagicErrors.Try(context, command, () =>
            {
                var kernel = CSharp(root) ?? throw new InvalidOperationException("#!summary needs the C# kernel, and this notebook has none.");
                var name = command.Variable?.Trim() ?? "";
                if (!kernel.TryGetValue<object>(name, out var value))
                {
                    var modules = kernel.ScriptState?.Variables.Where(v => v.Value is torch.nn.Module).Select(v => v.Name).Distinct().ToArray() ?? [];
                    throw new ArgumentException($"There is no C# variable '{name}'. " +
                        (modules.Length > 0 ? $"Variables holding a module: {string.Join(", ", modules)}." : "No variable holds a torch.nn.Module yet."));
                }
                if (value is not torch.nn.Module module)
                    throw new ArgumentException($"'{name}' is a {value?.GetType().Name ?? "null"}, not a torch.nn.Module.");
                var summary = ModuleSummary.Of(module, InputShape.Parse(command.Input));
                context.Display(summary);
            });
            return Task.CompletedTask;
        });
    }

    static CSharpKernel? CSharp(CompositeKernel root) => root.ChildKernels.OfType<CSharpKernel>().FirstOrDefault();
}
