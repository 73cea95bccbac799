using NeuralNotebooks.Runtime;

namespace NeuralNotebooks.Tests.Notebooks;

[Collection(NotebookCollection.Name)]
public class SetupNotebookTests
{
    [Fact]
    public async Task The_setup_notebook_runs_in_a_real_kernel_with_the_package_from_this_build()
    {
        var result = await NotebookTestKit.RunAsync("notebooks/00-setup.ipynb");

        NotebookTestKit.AssertPassed(result);
        var all = string.Join("\n", result.Cells!.Select(c => c.Text));
        Assert.Contains("NeuralNotebooks 0.1.0 loaded", all);
        Assert.Contains("[[6, 6]", all);
        // The backend its first line references (TorchSharp-cpu), named by what actually loaded.
        Assert.Contains("Backend       libtorch-cpu-linux-x64 2.10.0 (the TorchSharp-cpu backend)", all);
        // Not a stale copy from the NuGet cache: the kernel loaded the very Core assembly these tests were built with.
        var built = typeof(RuntimeDescription).Assembly.ManifestModule.ModuleVersionId;
        Assert.Contains($"NeuralNotebooks.Core build {built}", all);
    }
}
