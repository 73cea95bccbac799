using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using NeuralNotebooks.Extension.Directives;
using NeuralNotebooks.Runtime;
using NeuralNotebooks.Training;

namespace NeuralNotebooks.Extension;

/// <summary>
/// Entry point the package's extension.dib calls when a notebook runs
/// <c>#r "nuget: NeuralNotebooks, 0.1.0"</c>. Glue only: everything it shows is computed in Core.
/// It registers the formatters (tensors, modules, pictures, training histories, cards), the magic
/// commands (#!device, #!seed, #!question, #!exercise, #!quiz, #!review, #!summary, and practice mode's #!practice, #!check, #!hint, #!solution, #!progress) on the C# kernel, and the live training dashboard every training run gets.
/// </summary>
public static class NeuralNotebooksExtension
{
    static int dashboardRegistered;

    public static void Load(Kernel kernel)
    {
        string message;
        try
        {
            TorchRuntime.EnsureLoaded();
            var runtime = RuntimeDescription.Current();
            message = $"NeuralNotebooks {typeof(NeuralNotebooksExtension).Assembly.GetName().Version?.ToString(3)} loaded: " +
                      $"TorchSharp {runtime.TorchSharpVersion} (libtorch {runtime.LibTorchVersion}) on {runtime.DefaultDevice}. " +
                      "Magic commands: #!device, #!seed, #!summary, #!question, #!exercise, #!quiz, #!review, #!practice, #!check, #!hint, #!solution, #!progress.";
        }
        catch (TorchSharpLoadException e)
        {
            message = e.Message;
        }

        Formatters.Register();
        foreach (var csharp in CSharpKernels(kernel.RootKernel)) AddMagicCommands(csharp);
        if (Interlocked.Exchange(ref dashboardRegistered, 1) == 0)
            TrainingObservers.AddDefault(() => new LiveDashboard());

        if (KernelInvocationContext.Current is { } context)
            KernelInvocationContextExtensions.Display(context, message, "text/plain");
    }

    /// <summary>
    /// The magic commands live on the C# kernel, where the cells that use them run: a notebook sends a
    /// C# cell to it (directly, or through the root kernel), and its events then reach the cell's output.
    /// </summary>
    static IEnumerable<CSharpKernel> CSharpKernels(Kernel root) =>
        root is CompositeKernel composite ? composite.ChildKernels.OfType<CSharpKernel>() : root is CSharpKernel k ? [k] : [];

    static void AddMagicCommands(CSharpKernel kernel)
    {
        if (kernel.KernelInfo.SupportedDirectives.Any(d => d.Name == "#!device")) return;   // loaded twice in one session
        DeviceDirective.AddTo(kernel);
        SeedDirective.AddTo(kernel);
        QuestionDirectives.AddTo(kernel);
        ReviewDirective.AddTo(kernel);
        SummaryDirective.AddTo(kernel);
        PracticeDirectives.AddTo(kernel);
    }
}
