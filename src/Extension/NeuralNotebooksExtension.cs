using Microsoft.DotNet.Interactive;
using NeuralNotebooks.Runtime;

namespace NeuralNotebooks.Extension;

/// <summary>
/// Entry point the package's extension.dib calls when a notebook runs
/// <c>#r "nuget: NeuralNotebooks, 0.1.0"</c>. Glue only: everything it shows is computed in Core.
/// </summary>
public static class NeuralNotebooksExtension
{
    public static void Load(Kernel kernel)
    {
        string message;
        try
        {
            TorchRuntime.EnsureLoaded();
            var runtime = RuntimeDescription.Current();
            message = $"NeuralNotebooks {typeof(NeuralNotebooksExtension).Assembly.GetName().Version?.ToString(3)} loaded: " +
                      $"TorchSharp {runtime.TorchSharpVersion} (libtorch {runtime.LibTorchVersion}) on {runtime.DefaultDevice}.";
        }
        catch (TorchSharpLoadException e)
        {
            message = e.Message;
        }
        if (KernelInvocationContext.Current is { } context)
            KernelInvocationContextExtensions.Display(context, message, "text/plain");
    }
}
