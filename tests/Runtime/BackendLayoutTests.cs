using NeuralNotebooks.Runtime;

namespace NeuralNotebooks.Tests.Runtime;

/// <summary>
/// Which libtorch backend the loader picks, from file trees laid out as NuGet and the .NET SDK lay them out
/// (built in a temporary folder; nothing is loaded). The CUDA layout is TorchSharp-cuda-linux 0.107's:
/// libtorch-cuda-12.8-linux-x64 holds the reassembled libraries, its -part packages only fragments.
/// </summary>
public sealed class BackendLayoutTests : IDisposable
{
    const string Native = "runtimes/linux-x64/native";
    readonly string root = Directory.CreateTempSubdirectory("nn-backends-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    string Touch(string relative)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        return path;
    }

    string Deps(params string[] libraries)
    {
        var path = Path.Combine(root, "app", "App.deps.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "{\"libraries\":{" + string.Join(",", libraries.Select(l => $"\"{l}\":{{\"type\":\"package\"}}")) + "}}");
        return path;
    }

    /// <summary>A kernel's package folder: TorchSharp's managed and wrapper files; returns TorchSharp.dll's folder.</summary>
    string KernelPackages()
    {
        Touch("packages/torchsharp/0.107.0/lib/net8.0/TorchSharp.dll");
        Touch($"packages/torchsharp/0.107.0/{Native}/libLibTorchSharp.so");
        return Path.Combine(root, "packages/torchsharp/0.107.0/lib/net8.0");
    }

    string LibTorchPackage(string id, params string[] files)
    {
        foreach (var file in files) Touch($"packages/{id}/2.10.0/{Native}/{file}");
        return Path.Combine(root, "packages", id, "2.10.0", Native);
    }

    string[] OnPath(params string[] packageFolders) =>
        ["/usr/bin", .. packageFolders.Select(p => Path.Combine(root, "packages", p))];

    BackendLayout.Found FindInKernel(string[] path) =>
        BackendLayout.Find(Path.Combine(root, "kernel"), [], KernelPackages(), path, "2.10.0");

    [Fact]
    public void The_cpu_bundle_in_an_apps_output_is_the_package_its_deps_file_names()
    {
        Touch($"app/{Native}/libLibTorchSharp.so");
        Touch($"app/{Native}/libtorch_cpu.so");
        var deps = Deps("TorchSharp-cpu/0.107.0", "TorchSharp/0.107.0", "libtorch-cpu-linux-x64/2.10.0");

        var found = BackendLayout.Find(Path.Combine(root, "app"), [deps], null, [], "2.10.0");

        var backend = BackendLayout.Choose(found.Backends);
        Assert.Equal(("libtorch-cpu-linux-x64", "2.10.0", false), (backend.Package, backend.Version, backend.Cuda));
        Assert.Equal(Path.Combine(root, "app", Native), backend.Folder);
        Assert.Equal(Path.Combine(root, "app", Native, "libLibTorchSharp.so"), found.WrapperPath);
        Assert.Equal("TorchSharp-cpu", backend.Bundle);
    }

    [Fact]
    public void The_cpu_bundle_in_a_kernel_is_found_from_the_folders_the_kernel_put_on_path()
    {
        var folder = LibTorchPackage("libtorch-cpu-linux-x64", "libtorch_cpu.so", "libc10.so");
        var found = FindInKernel(OnPath("torchsharp/0.107.0/", "torchsharp-cpu/0.107.0/", "libtorch-cpu-linux-x64/2.10.0/",
            $"libtorch-cpu-linux-x64/2.10.0/{Native}", $"torchsharp/0.107.0/{Native}"));

        var backend = BackendLayout.Choose(found.Backends);
        Assert.Equal("libtorch-cpu-linux-x64", backend.Package);
        Assert.Equal(folder, backend.Folder);
        Assert.Equal(Path.Combine(root, $"packages/torchsharp/0.107.0/{Native}/libLibTorchSharp.so"), found.WrapperPath);
    }

    [Fact]
    public void TorchSharp_with_libtorch_referenced_directly_is_found_and_a_cuda_build_merely_in_the_cache_is_not()
    {
        LibTorchPackage("libtorch-cpu-linux-x64", "libtorch_cpu.so");
        LibTorchPackage("libtorch-cuda-12.8-linux-x64", "libtorch_cpu.so", "libtorch_cuda.so");   // restored once by another project
        var found = FindInKernel(OnPath("torchsharp/0.107.0/", $"libtorch-cpu-linux-x64/2.10.0/{Native}"));

        var backend = BackendLayout.Choose(found.Backends);
        Assert.Equal("libtorch-cpu-linux-x64", backend.Package);
        Assert.False(backend.Cuda);
    }

    [Fact]
    public void The_cuda_packages_are_found_in_a_kernel_and_their_fragment_packages_are_not_backends()
    {
        var folder = LibTorchPackage("libtorch-cuda-12.8-linux-x64", "libtorch_cpu.so", "libtorch_cuda.so", "libc10_cuda.so");
        LibTorchPackage("libtorch-cuda-12.8-linux-x64-part1", "libtorch_cuda.so.fragment1");
        var found = FindInKernel(OnPath("torchsharp/0.107.0/", "torchsharp-cuda-linux/0.107.0/",
            $"libtorch-cuda-12.8-linux-x64/2.10.0/{Native}", $"libtorch-cuda-12.8-linux-x64-part1/2.10.0/{Native}"));

        var backend = BackendLayout.Choose(found.Backends);
        Assert.Equal(("libtorch-cuda-12.8-linux-x64", true, "TorchSharp-cuda-linux"), (backend.Package, backend.Cuda, backend.Bundle));
        Assert.Equal(folder, backend.Folder);
    }

    [Fact]
    public void The_cuda_bundle_in_an_apps_output_is_a_cuda_backend()
    {
        Touch($"app/{Native}/libtorch_cpu.so");
        Touch($"app/{Native}/libtorch_cuda.so");
        var deps = Deps("TorchSharp-cuda-linux/0.107.0", "libtorch-cuda-12.8-linux-x64/2.10.0", "libtorch-cuda-12.8-linux-x64-part1/2.10.0");

        var backend = BackendLayout.Choose(BackendLayout.Find(Path.Combine(root, "app"), [deps], null, [], "2.10.0").Backends);

        Assert.True(backend.Cuda);
        Assert.Equal("libtorch-cuda-12.8-linux-x64", backend.Package);
    }

    [Fact]
    public void No_backend_referenced_names_the_line_to_add()
    {
        LibTorchPackage("libtorch-cpu-linux-x64", "libtorch_cpu.so");   // in the cache, but this notebook did not reference it
        var found = FindInKernel(OnPath("torchsharp/0.107.0/", $"torchsharp/0.107.0/{Native}", "neuralnotebooks/0.1.0/"));

        Assert.Empty(found.Backends);
        var e = Assert.Throws<TorchSharpLoadException>(() => BackendLayout.Choose(found.Backends));
        Assert.StartsWith("No TorchSharp backend (libtorch) is referenced. Add this line", e.Message);
        Assert.Contains("#r \"nuget: TorchSharp-cpu, 0.107.0\"", e.Message);
        Assert.Contains("TorchSharp-cuda-linux", e.Message);
    }

    [Fact]
    public void A_cpu_and_a_cuda_backend_together_name_the_one_to_remove()
    {
        LibTorchPackage("libtorch-cpu-linux-x64", "libtorch_cpu.so");
        LibTorchPackage("libtorch-cuda-12.8-linux-x64", "libtorch_cpu.so", "libtorch_cuda.so");
        var found = FindInKernel(OnPath("torchsharp/0.107.0/", $"libtorch-cpu-linux-x64/2.10.0/{Native}", $"libtorch-cuda-12.8-linux-x64/2.10.0/{Native}"));

        Assert.Equal(2, found.Backends.Count);
        var e = Assert.Throws<TorchSharpLoadException>(() => BackendLayout.Choose(found.Backends));
        Assert.StartsWith("Two libtorch builds are referenced: libtorch-cpu-linux-x64 2.10.0 (CPU only) and libtorch-cuda-12.8-linux-x64 2.10.0 (CUDA).", e.Message);
        Assert.Contains("Remove the CPU one: the line that references TorchSharp-cpu (or libtorch-cpu-linux-x64), and keep TorchSharp-cuda-linux.", e.Message);
    }

    [Fact]
    public void Two_backends_in_an_apps_deps_file_are_two()
    {
        Touch($"app/{Native}/libtorch_cpu.so");
        var deps = Deps("libtorch-cpu-linux-x64/2.10.0", "libtorch-cuda-12.8-linux-x64/2.10.0");
        var found = BackendLayout.Find(Path.Combine(root, "app"), [deps], null, [], "2.10.0");
        Assert.Throws<TorchSharpLoadException>(() => BackendLayout.Choose(found.Backends));
    }

    [Fact]
    public void A_host_that_lists_no_package_folder_on_path_gets_the_libtorch_packages_of_the_expected_version()
    {
        var folder = LibTorchPackage("libtorch-cpu-linux-x64", "libtorch_cpu.so");
        var found = FindInKernel(["/usr/bin", "/bin"]);
        Assert.Equal(folder, BackendLayout.Choose(found.Backends).Folder);
    }
}
