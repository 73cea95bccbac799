using System.IO.Compression;
using System.Xml.Linq;

namespace NeuralNotebooks.Tests.Extension;

/// <summary>
/// Issue 19: the NeuralNotebooks package must not choose a libtorch build for its users. It depends on the managed
/// TorchSharp only; the notebook's (or program's) own line adds exactly one backend.
/// </summary>
public class PackageDependencyTests
{
    [Fact]
    public void The_built_package_depends_on_managed_TorchSharp_and_on_no_native_backend()
    {
        var package = Path.Combine(TestHost.RepositoryRoot, "artifacts", "packages", "NeuralNotebooks.0.1.0.nupkg");
        Assert.True(File.Exists(package), $"{package} is missing: `dotnet build` makes it");
        using var zip = ZipFile.OpenRead(package);
        var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspec.Open();
        var ids = XDocument.Load(stream).Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => (string)e.Attribute("id")!).ToList();

        Assert.Contains("TorchSharp", ids);
        Assert.DoesNotContain(ids, id => id.StartsWith("TorchSharp-", StringComparison.OrdinalIgnoreCase) || id.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase));
    }
}
