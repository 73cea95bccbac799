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
    public void On_this_machine_the_default_device_is_the_cpu()
    {
        Assert.False(Devices.CudaAvailable);
        Assert.Equal(DeviceType.CPU, Devices.Default.type);
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

    [Fact]
    public void The_runtime_description_names_versions_device_and_threads()
    {
        var d = RuntimeDescription.Current();
        Assert.Equal("0.107.0", d.TorchSharpVersion);
        Assert.StartsWith("2.10", d.LibTorchVersion);
        Assert.Equal("cpu", d.DefaultDevice);
        Assert.True(d.CpuThreads >= 1);
        var text = d.ToString();
        foreach (var row in new[] { "TorchSharp", "libtorch", "Backend", "Device", "CPU threads", "Native loader" })
            Assert.Contains(row, text);
    }

    [Fact]
    public void The_runtime_description_names_the_backend_that_loaded()
    {
        // The test host references TorchSharp-cpu: its build output holds libtorch-cpu-linux-x64's files.
        var d = RuntimeDescription.Current();
        Assert.StartsWith("libtorch-cpu-linux-x64 2.10.0 (the TorchSharp-cpu backend); libtorch 2.10", d.Backend);
        Assert.EndsWith("CUDA build: no", d.Backend);
        if (OperatingSystem.IsLinux()) Assert.Equal("libtorch-cpu-linux-x64", TorchRuntime.EnsureLoaded().Backend?.Package);
    }

    [Fact]
    public void On_debian_12_the_loader_uses_a_patched_copy_from_our_own_cache()
    {
        if (!OperatingSystem.IsLinux()) return;
        var outcome = TorchRuntime.EnsureLoaded();
        var libstdcxx = File.Exists("/usr/lib/x86_64-linux-gnu/libstdc++.so.6")
            ? File.ReadAllText("/usr/lib/x86_64-linux-gnu/libstdc++.so.6", System.Text.Encoding.Latin1).Contains("GLIBCXX_3.4.32\0")
            : true;
        if (libstdcxx)
        {
            Assert.False(outcome.Patched); // a new enough libstdc++: nothing to do
            return;
        }
        Assert.True(outcome.Patched, outcome.Detail);
        Assert.StartsWith(CacheFolder.Root, outcome.PatchedPath);
        Assert.DoesNotContain(".nuget", outcome.PatchedPath);
        var mode = File.GetUnixFileMode(Path.GetDirectoryName(outcome.PatchedPath)!);
        Assert.Equal(UnixFileMode.None, mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite | UnixFileMode.OtherRead | UnixFileMode.GroupRead));
        // And TorchSharp really works through it.
        Assert.Equal(14f, torch.tensor(new float[] { 1, 2, 3 }).dot(torch.tensor(new float[] { 1, 2, 3 })).item<float>());
    }
}
