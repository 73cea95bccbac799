namespace NeuralNotebooks.Tests.Notebooks;

/// <summary>
/// Issue 19 in a real kernel: the package brings the managed TorchSharp only, and the notebook's own first line
/// picks the one libtorch backend. Each way of referencing it, and forgetting it, behaves as the README says.
/// </summary>
[Collection(NotebookCollection.Name)]
public class BackendNotebookTests
{
    const string Check = """
        using NeuralNotebooks.Runtime;
        var runtime = RuntimeDescription.Current();
        Console.WriteLine($"backend: {runtime.Backend}");
        Console.WriteLine($"sum {TorchSharp.torch.ones(2, 3).sum().item<float>()}");
        """;

    [Fact]
    public async Task TorchSharp_with_libtorch_cpu_referenced_directly_instead_of_the_bundle_works()
    {
        var path = NotebookTestKit.WriteTemporaryInRepository(
            "#r \"nuget: TorchSharp, 0.107.0\"\n#r \"nuget: libtorch-cpu-linux-x64, 2.10.0\"\n#r \"nuget: NeuralNotebooks, 0.1.0\"",
            Check);

        var result = await NotebookTestKit.RunAsync(Path.GetRelativePath(TestHost.RepositoryRoot, path));

        NotebookTestKit.AssertPassed(result);
        var all = string.Join("\n", result.Cells!.Select(c => c.Text));
        Assert.Contains("NeuralNotebooks 0.1.0 loaded", all);
        Assert.Contains("backend: libtorch-cpu-linux-x64 2.10.0", all);
        Assert.Contains("sum 6", all);
    }

    [Fact]
    public async Task The_package_without_a_backend_names_the_line_to_add_and_the_kernel_keeps_working()
    {
        var path = NotebookTestKit.WriteTemporaryInRepository(
            "#r \"nuget: NeuralNotebooks, 0.1.0\"",
            "Console.WriteLine($\"still here {6 * 7}\");");

        var result = await NotebookTestKit.RunAsync(Path.GetRelativePath(TestHost.RepositoryRoot, path));

        NotebookTestKit.AssertPassed(result);
        Assert.Contains("No TorchSharp backend (libtorch) is referenced. Add this line", result.Cells![0].Text);
        Assert.Contains("#r \"nuget: TorchSharp-cpu, 0.107.0\"", result.Cells[0].Text);
        Assert.DoesNotContain("NeuralNotebooks 0.1.0 loaded", result.Cells[0].Text);
        Assert.Contains("still here 42", result.Cells[1].Text);
    }
}
