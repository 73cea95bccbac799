using Microsoft.DotNet.Interactive;
using NeuralNotebooks.Extension.Directives;
using NeuralNotebooks.Runtime;
using NeuralNotebooks.Training;

namespace NeuralNotebooks.Extension;

/// <summary>
/// Entry point the package's extension.dib calls when a notebook runs
/// <c>#r "nuget: NeuralNotebooks, 0.1.0"</c>. Glue only: everything it shows is computed in Core.
/// It registers the formatters (tensors, modules, pictures, training histories, cards), the magic
/// commands (#!device, #!seed, #!question, #!exercise, #!quiz, #!summary) on the root kernel so they
/// work in C# cells, and the live training dashboard every training run gets.
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
                      "Magic commands: #!device, #!seed, #!summary, #!question, #!exercise, #!quiz.";
        }
        catch (TorchSharpLoadException e)
        {
            message = e.Message;
        }

        Formatters.Register();
        var root = kernel.RootKernel as CompositeKernel ?? kernel as CompositeKernel;
        if (root is not null) AddMagicCommands(root);
        if (Interlocked.Exchange(ref dashboardRegistered, 1) == 0)
            TrainingObservers.AddDefault(() => new LiveDashboard());

        if (KernelInvocationContext.Current is { } context)
            KernelInvocationContextExtensions.Display(context, message, "text/plain");
    }

    static void AddMagicCommands(CompositeKernel root)
    {
        if (root.KernelInfo.SupportedDirectives.Any(d => d.Name == "#!device")) return;   // loaded twice in one session
        DeviceDirective.AddTo(root);
        SeedDirective.AddTo(root);
        QuestionDirectives.AddTo(root);
        SummaryDirective.AddTo(root);
    }
}
