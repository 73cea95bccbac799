using System.IO.Compression;

namespace NeuralNotebooks.Data;

/// <summary>Opens a file for reading, decompressing it when it starts with the gzip magic bytes (whatever its name).</summary>
public static class GzipFiles
{
    public static Stream OpenRead(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No file at {path}.", path);
        var file = File.OpenRead(path);
        var first = new byte[2];
        var read = file.Read(first, 0, 2);
        file.Position = 0;
        return read == 2 && first[0] == 0x1f && first[1] == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    public static byte[] ReadAllBytes(string path)
    {
        using var stream = OpenRead(path);
        using var memory = new MemoryStream();
        try { stream.CopyTo(memory); }
        catch (InvalidDataException e) { throw new DataFileException($"{path} is a damaged gzip file: {e.Message}", e); }
        return memory.ToArray();
    }
}
