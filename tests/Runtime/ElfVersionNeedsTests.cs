using System.Buffers.Binary;
using System.Text;
using NeuralNotebooks.Runtime;

namespace NeuralNotebooks.Tests.Runtime;

public class ElfVersionNeedsTests
{
    [Fact]
    public void It_reads_the_requirements_of_a_hand_made_elf()
    {
        var elf = TinyElf.With(("libstdc++.so.6", ["GLIBCXX_3.4.30", "GLIBCXX_3.4.32"]), ("libc.so.6", ["GLIBC_2.34"]));

        var needs = ElfVersionNeeds.Read(elf);

        Assert.Equal(["GLIBCXX_3.4.30", "GLIBCXX_3.4.32", "GLIBC_2.34"], needs.Select(n => n.Name));
        Assert.Equal(["libstdc++.so.6", "libstdc++.so.6", "libc.so.6"], needs.Select(n => n.File));
        Assert.All(needs, n => Assert.False(n.IsWeak));
    }

    [Fact]
    public void Making_a_version_weak_changes_only_its_flag_bit()
    {
        var elf = TinyElf.With(("libstdc++.so.6", ["GLIBCXX_3.4.30", "GLIBCXX_3.4.32"]));

        var patched = ElfVersionNeeds.WithWeakVersion(elf, "GLIBCXX_3.4.32")!;

        var differing = Enumerable.Range(0, elf.Length).Where(i => elf[i] != patched[i]).ToList();
        var target = ElfVersionNeeds.Read(elf).Single(n => n.Name == "GLIBCXX_3.4.32");
        Assert.Equal([target.FlagsOffset], differing);
        Assert.Equal(0x2, patched[target.FlagsOffset] ^ elf[target.FlagsOffset]);
        Assert.True(ElfVersionNeeds.Read(patched).Single(n => n.Name == "GLIBCXX_3.4.32").IsWeak);
        Assert.False(ElfVersionNeeds.Read(patched).Single(n => n.Name == "GLIBCXX_3.4.30").IsWeak);
    }

    [Fact]
    public void A_file_without_the_requirement_is_left_alone()
    {
        var elf = TinyElf.With(("libstdc++.so.6", ["GLIBCXX_3.4.30"]));
        Assert.Null(ElfVersionNeeds.WithWeakVersion(elf, "GLIBCXX_3.4.32"));
    }

    [Fact]
    public void A_file_that_is_not_elf_gets_a_clear_error()
    {
        var e = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Read(Encoding.ASCII.GetBytes("#!/bin/sh\necho hi\n")));
        Assert.Contains("Not an ELF file", e.Message);
    }

    [Theory]
    [InlineData(10)]   // inside the header
    [InlineData(100)]  // before the section headers
    public void A_truncated_file_gets_a_clear_error(int keep)
    {
        var elf = TinyElf.With(("libstdc++.so.6", ["GLIBCXX_3.4.32"]));
        var e = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Read(elf.AsSpan(0, keep)));
        Assert.StartsWith("Truncated ELF file", e.Message);
    }

    [Fact]
    public void A_32_bit_elf_is_refused_by_name()
    {
        var elf = TinyElf.With(("libstdc++.so.6", ["GLIBCXX_3.4.32"]));
        elf[4] = 1;
        var e = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Read(elf));
        Assert.Contains("only 64-bit little-endian", e.Message);
    }

    [Fact]
    public void The_real_torchsharp_wrapper_changes_in_exactly_one_byte()
    {
        var wrapper = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(wrapper), $"expected TorchSharp's wrapper at {wrapper}");
        var original = File.ReadAllBytes(wrapper);

        var patched = ElfVersionNeeds.WithWeakVersion(original, NativeLibraryPatcher.UnmetVersion);

        Assert.NotNull(patched);
        Assert.Equal(original.Length, patched!.Length);
        var target = ElfVersionNeeds.Read(original).Single(n => n.Name == NativeLibraryPatcher.UnmetVersion);
        Assert.Equal([target.FlagsOffset], Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]));
        Assert.Equal(original.Length, File.ReadAllBytes(wrapper).Length); // the build output itself is untouched
    }

    [Fact]
    public void Libtorch_itself_does_not_need_the_patch()
    {
        var c10 = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libc10.so");
        Assert.Null(ElfVersionNeeds.WithWeakVersion(File.ReadAllBytes(c10), NativeLibraryPatcher.UnmetVersion));
    }
}

/// <summary>Builds the smallest ELF64 file with a .gnu.version_r section our reader accepts.</summary>
static class TinyElf
{
    public static byte[] With(params (string File, string[] Versions)[] needs)
    {
        // String table: "\0" then every name.
        var strtab = new List<byte> { 0 };
        int Add(string s) { int at = strtab.Count; strtab.AddRange(Encoding.ASCII.GetBytes(s)); strtab.Add(0); return at; }

        var verneed = new List<byte>();
        for (int n = 0; n < needs.Length; n++)
        {
            var (file, versions) = needs[n];
            int fileName = Add(file);
            bool last = n == needs.Length - 1;
            verneed.AddRange(U16(1)); verneed.AddRange(U16((ushort)versions.Length));
            verneed.AddRange(U32((uint)fileName)); verneed.AddRange(U32(16));
            verneed.AddRange(U32(last ? 0u : (uint)(16 + 16 * versions.Length)));
            for (int v = 0; v < versions.Length; v++)
            {
                int name = Add(versions[v]);
                verneed.AddRange(U32(0x0a0b0c0d)); verneed.AddRange(U16(0)); verneed.AddRange(U16((ushort)(v + 2)));
                verneed.AddRange(U32((uint)name)); verneed.AddRange(U32(v == versions.Length - 1 ? 0u : 16u));
            }
        }

        const int header = 64;
        int strOffset = header, needOffset = strOffset + strtab.Count, shOffset = needOffset + verneed.Count;
        var file2 = new byte[shOffset + 3 * 64];
        new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' }.CopyTo(file2, 0);
        file2[4] = 2; file2[5] = 1; file2[6] = 1;
        BinaryPrimitives.WriteUInt64LittleEndian(file2.AsSpan(0x28), (ulong)shOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(file2.AsSpan(0x3A), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(file2.AsSpan(0x3C), 3);
        strtab.ToArray().CopyTo(file2, strOffset);
        verneed.ToArray().CopyTo(file2, needOffset);
        Section(file2, shOffset + 64, type: 3, strOffset, strtab.Count, link: 0, info: 0);                 // .dynstr
        Section(file2, shOffset + 128, type: 0x6ffffffe, needOffset, verneed.Count, link: 1, info: (uint)needs.Length); // .gnu.version_r
        return file2;
    }

    static void Section(byte[] f, int at, uint type, int offset, int size, uint link, uint info)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(at + 4), type);
        BinaryPrimitives.WriteUInt64LittleEndian(f.AsSpan(at + 0x18), (ulong)offset);
        BinaryPrimitives.WriteUInt64LittleEndian(f.AsSpan(at + 0x20), (ulong)size);
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(at + 0x28), link);
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(at + 0x2C), info);
    }

    static byte[] U16(ushort v) { var b = new byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, v); return b; }
    static byte[] U32(uint v) { var b = new byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, v); return b; }
}
