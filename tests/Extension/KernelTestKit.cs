using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using NeuralNotebooks.Extension;

namespace NeuralNotebooks.Tests.Extension;

/// <summary>An in-process kernel with the extension loaded, as a notebook has it, and helpers to read what a cell shows.</summary>
sealed class KernelTestKit : IDisposable
{
    public CompositeKernel Kernel { get; }

    public KernelTestKit()
    {
        Kernel = new CompositeKernel { new CSharpKernel() };
        Kernel.DefaultKernelName = "csharp";
        NeuralNotebooksExtension.Load(Kernel);
        // What #r "nuget: NeuralNotebooks" gives a notebook: TorchSharp and Core referenced by the C# kernel.
        var references = $"#r \"{typeof(TorchSharp.torch).Assembly.Location}\"\n#r \"{typeof(NeuralNotebooks.Display.TensorSummary).Assembly.Location}\"";
        var loaded = RunAsync(references).GetAwaiter().GetResult();
        Assert.Null(loaded.Failure);
    }

    public async Task<Cell> RunAsync(string code) => new(await Kernel.SendAsync(new SubmitCode(code)));

    public void Dispose()
    {
        Kernel.Dispose();
        Formatter.ResetToDefault();
    }

    public sealed record Cell(KernelCommandResult Result)
    {
        public CommandFailed? Failure => Result.Events.OfType<CommandFailed>().FirstOrDefault();
        public string Error => Failure?.Message ?? throw new Xunit.Sdk.XunitException("the cell did not fail");
        public IEnumerable<DisplayEvent> Displays => Result.Events.OfType<DisplayEvent>();
        public object? ReturnValue => Assert.Single(Result.Events.OfType<ReturnValueProduced>()).Value;

        public string Html => Single("text/html");
        public string Text => Single("text/plain");

        string Single(string mime)
        {
            Assert.True(Failure is null, $"the cell failed: {Failure?.Message}");
            return Assert.Single(Displays.SelectMany(d => d.FormattedValues), v => v.MimeType == mime).Value;
        }
    }
}

/// <summary>Formatter registrations are global: extension tests run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public class KernelCollection
{
    public const string Name = "in-process kernel";
}
