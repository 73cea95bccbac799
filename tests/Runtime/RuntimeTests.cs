using NeuralNotebooks.Runtime;
using TorchSharp;

namespace NeuralNotebooks.Tests.Runtime;

public class RuntimeTests
{
    [Fact]
    public void Auto_means_cpu_without_cuda_and_says_why()
    {
        var choice = Devices.Resolve("auto", cudaAvailable: false);
        Assert.Equal(DeviceType.CPU, choice.Type);
        Assert.Contains("TorchSharp-cuda-linux", choice.Reason);
    }

    [Fact]
    public void Auto_means_cuda_when_it_is_there()
    {
        Assert.Equal(DeviceType.CUDA, Devices.Resolve("auto", cudaAvailable: true).Type);
        Assert.Equal(DeviceType.CUDA, Devices.Resolve(" CUDA ", cudaAvailable: true).Type);
    }

    [Fact]
    public void Asking_for_cuda_without_a_gpu_is_a_clear_error()
    {
        var e = Assert.Throws<ArgumentException>(() => Devices.Resolve("cuda", cudaAvailable: false));
        Assert.Contains("no CUDA device", e.Message);
        Assert.Contains("'cpu' or 'auto'", e.Message);
    }

    [Fact]
    public void An_unknown_device_names_the_allowed_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => Devices.Resolve("tpu", cudaAvailable: false));
        Assert.Equal("Unknown device 'tpu'. Allowed: auto, cpu, cuda.", e.Message);
    }

    [Fact]
    public void The_default_device_follows_what_TorchSharp_reports()
    {
        // True on a CPU-only machine and on a GPU one: CUDA is whatever TorchSharp says, and without it the CPU is all there is.
        var cuda = torch.cuda.is_available();
        Assert.Equal(cuda, Devices.CudaAvailable);
        Assert.True(cuda || Devices.Default.type == DeviceType.CPU, $"no CUDA, yet the default device is {Devices.Default}");
        var d = RuntimeDescription.Current();
        Assert.Equal(Devices.Default.ToString(), d.DefaultDevice);
        Assert.Equal(cuda ? torch.cuda.device_count() : 0, d.CudaDevices);
        Assert.Equal(cuda ? "CUDA build: yes" : "CUDA build: no", d.Backend[d.Backend.LastIndexOf("CUDA build", StringComparison.Ordinal)..]);
    }

    [Fact]
    public void One_seed_call_makes_torch_and_dotnet_randomness_repeat()
    {
        Seed.Set(1234);
        var t1 = torch.randn(5);
        var r1 = Enumerable.Range(0, 5).Select(_ => Seed.Random.Next()).ToArray();
        Seed.Set(1234);
        var t2 = torch.randn(5);
        var r2 = Enumerable.Range(0, 5).Select(_ => Seed.Random.Next()).ToArray();
        Seed.Set(4321);
        var t3 = torch.randn(5);

        Assert.True(t1.allclose(t2, rtol: 0, atol: 0));
        Assert.Equal(r1, r2);
        Assert.False(t1.allclose(t3));
    }

    /// <summary>The one place the TorchSharp version is pinned: Directory.Packages.props.</summary>
    static string PinnedVersion(string package) =>
        System.Xml.Linq.XDocument.Load(Path.Combine(TestHost.RepositoryRoot, "Directory.Packages.props")).Descendants("PackageVersion")
            .Single(p => (string?)p.Attribute("Include") == package).Attribute("Version")!.Value;

    /// <summary>The backend package the test host references (an application picks one; tests/Tests.csproj).</summary>
    static string TestHostBackend() =>
        System.Xml.Linq.XDocument.Load(Path.Combine(TestHost.RepositoryRoot, "tests", "Tests.csproj")).Descendants("PackageReference")
            .Select(p => (string)p.Attribute("Include")!).Single(p => p.StartsWith("TorchSharp-", StringComparison.Ordinal));

    [Fact]
    public void The_runtime_description_names_versions_device_and_threads()
    {
        var d = RuntimeDescription.Current();
        Assert.Equal(PinnedVersion("TorchSharp"), d.TorchSharpVersion);
        Assert.Equal(PinnedVersion("TorchSharp"), PinnedVersion(TestHostBackend()));
        Assert.StartsWith(TorchSharpVersions.LibTorch, d.LibTorchVersion);
        Assert.Equal(torch.__version__, d.LibTorchVersion);
        Assert.Equal(torch.get_num_threads(), d.CpuThreads);
        var text = d.ToString();
        foreach (var row in new[] { "TorchSharp", "libtorch", "Backend", "Device", "CPU threads", "Native loader" })
            Assert.Contains(row, text);
    }

    [Fact]
    public void The_runtime_description_names_the_backend_that_loaded()
    {
        // The test host references one backend package (TorchSharp-cpu today): its libtorch files are the ones that load.
        var bundle = TestHostBackend();
        var loaded = TorchRuntime.EnsureLoaded().Backend;
        var d = RuntimeDescription.Current();
        if (OperatingSystem.IsLinux())
        {
            Assert.NotNull(loaded);
            Assert.Equal(bundle, loaded.Bundle);
            Assert.Equal(TorchSharpVersions.LibTorch, loaded.Version);
            Assert.StartsWith($"{loaded.Package} {TorchSharpVersions.LibTorch} (the {bundle} backend); libtorch {TorchSharpVersions.LibTorch}", d.Backend);
        }
        Assert.EndsWith($"CUDA build: {(bundle.Contains("cuda", StringComparison.OrdinalIgnoreCase) ? "yes" : "no")}", d.Backend);
    }

    [OldLibStdCxxFact, System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void On_debian_12_the_loader_uses_a_patched_copy_from_our_own_cache()
    {
        var outcome = TorchRuntime.EnsureLoaded();
        Assert.True(outcome.Patched, outcome.Detail);
        Assert.StartsWith(CacheFolder.Root, outcome.PatchedPath);
        Assert.DoesNotContain(".nuget", outcome.PatchedPath);
        var mode = File.GetUnixFileMode(Path.GetDirectoryName(outcome.PatchedPath)!);
        Assert.Equal(UnixFileMode.None, mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite | UnixFileMode.OtherRead | UnixFileMode.GroupRead));
        // And TorchSharp really works through it.
        Assert.Equal(14f, torch.tensor(new float[] { 1, 2, 3 }).dot(torch.tensor(new float[] { 1, 2, 3 })).item<float>());
    }

    [NewLibStdCxxFact]
    public void With_a_new_enough_libstdcxx_the_loader_patches_nothing()
    {
        var outcome = TorchRuntime.EnsureLoaded();
        Assert.False(outcome.Patched, outcome.Detail);
        Assert.Equal(14f, torch.tensor(new float[] { 1, 2, 3 }).dot(torch.tensor(new float[] { 1, 2, 3 })).item<float>());
    }
}
