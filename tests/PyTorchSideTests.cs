using NeuralNotebooks.Benchmarks;

namespace NeuralNotebooks.Tests;

/// <summary>The benchmark names OpenBLAS's best kernels from the CPU flags, since Debian 12's OpenBLAS misdetects newer Xeons.</summary>
public class PyTorchSideTests
{
    [Theory]
    [InlineData("fpu sse2 avx avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl avx512_fp16", "SkylakeX")]
    [InlineData("fpu sse2 avx avx2 fma", "Haswell")]
    [InlineData("fpu sse2 avx avx2 fma avx512f", "Haswell")]   // avx512f alone is not the SkylakeX set
    [InlineData("fpu sse2 sse4_2 avx", null)]
    [InlineData("", null)]
    public void Names_the_best_OpenBLAS_core_the_flags_allow(string flags, string? expected) =>
        Assert.Equal(expected, PyTorchSide.OpenBlasCoreType(flags));
}
