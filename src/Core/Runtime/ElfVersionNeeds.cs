using System.Buffers.Binary;
using System.Text;

namespace NeuralNotebooks.Runtime;

/// <summary>
/// Reads and edits the version requirements (<c>.gnu.version_r</c>, SHT_GNU_verneed) of a
/// 64-bit little-endian ELF shared library. Used to mark one unmet symbol version as weak, so
/// glibc's loader warns instead of refusing the file. Pure byte work: no file system, no loading.
/// </summary>
public static class ElfVersionNeeds
{
    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlagWeak = 0x2;

    /// <summary>One required version: the library it comes from, its name, and its flags.</summary>
    public sealed record Requirement(string File, string Name, ushort Flags, int FlagsOffset)
    {
        public bool IsWeak => (Flags & VerFlagWeak) != 0;
    }

    /// <summary>Every version the file requires, in file order.</summary>
    public static IReadOnlyList<Requirement> Read(ReadOnlySpan<byte> elf)
    {
        var result = new List<Requirement>();
        if (!TryFindVerneed(elf, out var section, out var strings))
            return result;

        long needOffset = section.Offset;
        for (int n = 0; n < section.Info; n++)
        {
            Require(elf, needOffset, 16, "a version-need entry");
            ushort auxCount = U16(elf, needOffset + 2);
            uint fileName = U32(elf, needOffset + 4);
            uint auxFirst = U32(elf, needOffset + 8);
            uint next = U32(elf, needOffset + 12);
            string file = CString(elf, strings, fileName);

            long auxOffset = needOffset + auxFirst;
            for (int a = 0; a < auxCount; a++)
            {
                Require(elf, auxOffset, 16, "a version-need auxiliary entry");
                ushort flags = U16(elf, auxOffset + 4);
                uint name = U32(elf, auxOffset + 8);
                uint auxNext = U32(elf, auxOffset + 12);
                result.Add(new Requirement(file, CString(elf, strings, name), flags, checked((int)(auxOffset + 4))));
                if (auxNext == 0) break;
                auxOffset += auxNext;
            }
            if (next == 0) break;
            needOffset += next;
        }
        return result;
    }

    /// <summary>
    /// Returns a copy of <paramref name="elf"/> in which the requirement named <paramref name="version"/>
    /// is weak. Only that entry's flag bit changes. Returns null when the file does not require it.
    /// </summary>
    public static byte[]? WithWeakVersion(ReadOnlySpan<byte> elf, string version)
    {
        var target = Read(elf).FirstOrDefault(r => r.Name == version);
        if (target is null) return null;
        var copy = elf.ToArray();
        BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(target.FlagsOffset), (ushort)(target.Flags | VerFlagWeak));
        return copy;
    }

    readonly record struct Section(uint Type, long Offset, long Size, uint Link, uint Info);

    static bool TryFindVerneed(ReadOnlySpan<byte> elf, out Section verneed, out Section strings)
    {
        if (elf.Length < 4 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("Not an ELF file: it does not start with the bytes 7F 45 4C 46.");
        Require(elf, 0, 64, "the ELF header");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException($"Unsupported ELF file: only 64-bit little-endian is handled (class {elf[4]}, data {elf[5]}).");

        long shoff = checked((long)U64(elf, 0x28));
        ushort shentsize = U16(elf, 0x3A);
        ushort shnum = U16(elf, 0x3C);
        if (shentsize < 64)
            throw new InvalidDataException($"Corrupt ELF file: section header size {shentsize} is smaller than 64.");
        Require(elf, shoff, (long)shentsize * shnum, "the section header table");

        for (int i = 0; i < shnum; i++)
        {
            var s = SectionAt(elf, shoff + (long)i * shentsize);
            if (s.Type != ShtGnuVerneed) continue;
            Require(elf, s.Offset, s.Size, "the .gnu.version_r section");
            if (s.Link >= shnum)
                throw new InvalidDataException($"Corrupt ELF file: version section links to string table {s.Link} of {shnum}.");
            var str = SectionAt(elf, shoff + (long)s.Link * shentsize);
            Require(elf, str.Offset, str.Size, "the version string table");
            verneed = s;
            strings = str;
            return true;
        }
        verneed = strings = default;
        return false;
    }

    static Section SectionAt(ReadOnlySpan<byte> elf, long at) => new(
        Type: U32(elf, at + 4),
        Offset: checked((long)U64(elf, at + 0x18)),
        Size: checked((long)U64(elf, at + 0x20)),
        Link: U32(elf, at + 0x28),
        Info: U32(elf, at + 0x2C));

    static string CString(ReadOnlySpan<byte> elf, Section strings, uint offset)
    {
        long start = strings.Offset + offset;
        if (offset >= strings.Size) throw new InvalidDataException("Corrupt ELF file: a version name points outside its string table.");
        var rest = elf.Slice((int)start, (int)(strings.Size - offset));
        int end = rest.IndexOf((byte)0);
        if (end < 0) throw new InvalidDataException("Corrupt ELF file: a version name is not terminated.");
        return Encoding.ASCII.GetString(rest[..end]);
    }

    static void Require(ReadOnlySpan<byte> elf, long offset, long length, string what)
    {
        if (offset < 0 || length < 0 || offset + length > elf.Length)
            throw new InvalidDataException($"Truncated ELF file: {what} (bytes {offset}..{offset + length}) lies beyond its end ({elf.Length} bytes).");
    }

    static ushort U16(ReadOnlySpan<byte> b, long at) { Require(b, at, 2, "a field"); return BinaryPrimitives.ReadUInt16LittleEndian(b[(int)at..]); }
    static uint U32(ReadOnlySpan<byte> b, long at) { Require(b, at, 4, "a field"); return BinaryPrimitives.ReadUInt32LittleEndian(b[(int)at..]); }
    static ulong U64(ReadOnlySpan<byte> b, long at) { Require(b, at, 8, "a field"); return BinaryPrimitives.ReadUInt64LittleEndian(b[(int)at..]); }
}
