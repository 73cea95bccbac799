using System.Buffers.Binary;
using TorchSharp;

namespace NeuralNotebooks.Data;

/// <summary>
/// Reader for the IDX format of MNIST and Fashion-MNIST (plain or gzipped): a 4-byte magic number
/// (0, 0, type code, number of dimensions), each dimension as a big-endian int32, then the values.
/// Only unsigned bytes (type 0x08) are supported, which is what those data sets use.
/// </summary>
public static class Idx
{
    /// <summary>The file's dimensions and raw bytes, checked against the header.</summary>
    public static (long[] Shape, byte[] Values) Read(string path)
    {
        var bytes = GzipFiles.ReadAllBytes(path);
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0)
            throw new DataFileException($"{path} is not an IDX file: it should start with bytes 00 00, got {Hex(bytes, 4)}.");
        if (bytes[2] != 0x08)
            throw new DataFileException($"{path} holds IDX type 0x{bytes[2]:X2}; only 0x08 (unsigned byte, as in MNIST) is supported.");
        int rank = bytes[3];
        if (rank is < 1 or > 4) throw new DataFileException($"{path} claims {rank} dimensions; IDX data sets have 1 to 4.");
        var headerLength = 4 + 4 * rank;
        if (bytes.Length < headerLength) throw new DataFileException($"{path} is truncated: its header needs {headerLength} bytes, the file has {bytes.Length}.");
        var shape = new long[rank];
        long count = 1;
        for (var i = 0; i < rank; i++)
        {
            shape[i] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * i));
            if (shape[i] <= 0) throw new DataFileException($"{path} has a dimension of size {shape[i]} in its header.");
            count *= shape[i];
        }
        var available = bytes.Length - headerLength;
        if (available < count)
            throw new DataFileException($"{path} is truncated: its header promises [{string.Join(", ", shape)}] = {count} values, the file holds {available}.");
        if (available > count)
            throw new DataFileException($"{path} has {available - count} bytes more than its header's [{string.Join(", ", shape)}] allows; it is not a valid IDX file.");
        return (shape, bytes[headerLength..]);
    }

    /// <summary>An IDX file as a uint8 tensor, checked to have <paramref name="expectedRank"/> dimensions (and trailing sizes when given).</summary>
    public static torch.Tensor ReadTensor(string path, int expectedRank, params long[] expectedTrailing)
    {
        var (shape, values) = Read(path);
        var wrong = shape.Length != expectedRank
            || (expectedTrailing.Length > 0 && !shape[^expectedTrailing.Length..].SequenceEqual(expectedTrailing));
        if (wrong)
        {
            var expected = "[N" + string.Concat(expectedTrailing.Select(d => $", {d}")) + string.Concat(Enumerable.Repeat(", *", expectedRank - 1 - expectedTrailing.Length)) + "]";
            throw new DataFileException($"{path} has shape [{string.Join(", ", shape)}]; expected {expected}.");
        }
        return torch.tensor(values, dtype: torch.uint8).reshape(shape);
    }

    static string Hex(byte[] bytes, int count) => string.Join(" ", bytes.Take(count).Select(b => b.ToString("X2")));
}
