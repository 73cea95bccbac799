using System.IO.Compression;
using System.Text;
using NeuralNotebooks.Data;
using SkiaSharp;
using TorchSharp;

namespace NeuralNotebooks.Tests.Data;

public class ReaderTests
{
    static byte[] IdxBytes(byte[] dims, params int[] shape)
    {
        var header = new List<byte> { 0, 0, 0x08, (byte)shape.Length };
        foreach (var d in shape) header.AddRange(BitConverter.GetBytes(d).Reverse());
        return [.. header, .. dims];
    }

    static void WriteGzip(string path, byte[] bytes)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(bytes);
    }

    [Fact]
    public void Idx_reads_plain_and_gzipped_files_alike()
    {
        using var folder = new ScratchFolder();
        var values = Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)i).ToArray();
        File.WriteAllBytes(folder.File("plain"), IdxBytes(values, 2, 3, 4));
        WriteGzip(folder.File("packed.gz"), IdxBytes(values, 2, 3, 4));
        foreach (var name in new[] { "plain", "packed.gz" })
        {
            using var t = Idx.ReadTensor(folder.File(name), 3, 3, 4);
            Assert.Equal([2L, 3, 4], t.shape);
            Assert.Equal(torch.uint8, t.dtype);
            Assert.Equal(values, t.data<byte>().ToArray());
        }
    }

    [Fact]
    public void Idx_with_a_bad_magic_number_is_a_clear_error()
    {
        using var folder = new ScratchFolder();
        File.WriteAllBytes(folder.File("bad"), [0x12, 0x34, 0x08, 1, 0, 0, 0, 1, 7]);
        var e = Assert.Throws<DataFileException>(() => Idx.Read(folder.File("bad")));
        Assert.Contains("not an IDX file: it should start with bytes 00 00, got 12 34 08 01", e.Message);
    }

    [Fact]
    public void Idx_of_an_unsupported_type_says_which_is_supported()
    {
        using var folder = new ScratchFolder();
        File.WriteAllBytes(folder.File("floats"), [0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0]);
        Assert.Contains("only 0x08 (unsigned byte", Assert.Throws<DataFileException>(() => Idx.Read(folder.File("floats"))).Message);
    }

    [Fact]
    public void Truncated_idx_files_are_clear_errors()
    {
        using var folder = new ScratchFolder();
        File.WriteAllBytes(folder.File("short-data"), IdxBytes(new byte[10], 4, 3));
        Assert.Contains("truncated: its header promises [4, 3] = 12 values, the file holds 10",
            Assert.Throws<DataFileException>(() => Idx.Read(folder.File("short-data"))).Message);
        File.WriteAllBytes(folder.File("short-header"), [0, 0, 8, 3, 0, 0, 0, 2]);
        Assert.Contains("truncated: its header needs 16 bytes", Assert.Throws<DataFileException>(() => Idx.Read(folder.File("short-header"))).Message);
        var whole = IdxBytes(new byte[12], 4, 3);
        WriteGzip(folder.File("short.gz"), whole[..^3]);
        Assert.Contains("truncated", Assert.Throws<DataFileException>(() => Idx.Read(folder.File("short.gz"))).Message);
    }

    [Fact]
    public void Idx_with_the_wrong_dimensions_names_what_was_expected()
    {
        using var folder = new ScratchFolder();
        File.WriteAllBytes(folder.File("images"), IdxBytes(new byte[2 * 5 * 5], 2, 5, 5));
        var e = Assert.Throws<DataFileException>(() => Idx.ReadTensor(folder.File("images"), 3, 28, 28));
        Assert.Contains("has shape [2, 5, 5]; expected [N, 28, 28]", e.Message);
        Assert.Contains("expected [N]", Assert.Throws<DataFileException>(() => Idx.ReadTensor(folder.File("images"), 1)).Message);
    }

    [Fact]
    public void Csv_reads_numbers_with_or_without_a_header_and_gzipped()
    {
        using var folder = new ScratchFolder();
        File.WriteAllText(folder.File("a.csv"), "x,y,label\n1.5,2,0\n-3,4e1,1\n");
        WriteGzip(folder.File("b.csv.gz"), Encoding.UTF8.GetBytes("1.5,2,0\n-3,40,1\n"));
        var (header, values) = Csv.ReadNumbers(folder.File("a.csv"));
        Assert.Equal(["x", "y", "label"], header!);
        Assert.Equal(new float[,] { { 1.5f, 2, 0 }, { -3, 40, 1 } }, values);
        var (noHeader, same) = Csv.ReadNumbers(folder.File("b.csv.gz"));
        Assert.Null(noHeader);
        Assert.Equal(values, same);
    }

    [Fact]
    public void Csv_with_ragged_or_non_numeric_rows_names_the_line()
    {
        using var folder = new ScratchFolder();
        File.WriteAllText(folder.File("ragged.csv"), "1,2,3\n4,5\n");
        Assert.Equal($"{folder.File("ragged.csv")}, line 2: 2 fields, but the first row has 3.",
            Assert.Throws<DataFileException>(() => Csv.ReadNumbers(folder.File("ragged.csv"))).Message);
        File.WriteAllText(folder.File("words.csv"), "1,2\n3,four\n");
        Assert.Contains("line 2: '3,four' is not all numbers", Assert.Throws<DataFileException>(() => Csv.ReadNumbers(folder.File("words.csv"))).Message);
    }

    [Fact]
    public void Png_round_trips_to_a_chw_tensor_in_0_to_1()
    {
        using var folder = new ScratchFolder();
        using var image = torch.rand(3, 5, 7);
        ImageFiles.WritePng(image, folder.File("x.png"));
        using var read = ImageFiles.Read(folder.File("x.png"));
        Assert.Equal([3L, 5, 7], read.shape);
        Assert.True((read - image).abs().max().item<float>() <= 0.5f / 255 + 1e-6f);
        using var gray = ImageFiles.Read(folder.File("x.png"), grayscale: true);
        Assert.Equal([1L, 5, 7], gray.shape);
    }

    [Fact]
    public void Jpeg_decodes_and_garbage_is_a_clear_error()
    {
        using var folder = new ScratchFolder();
        using (var bitmap = new SKBitmap(4, 2))
        {
            bitmap.Erase(new SKColor(255, 0, 0));
            using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 95);
            File.WriteAllBytes(folder.File("red.jpg"), data.ToArray());
        }
        using var red = ImageFiles.Read(folder.File("red.jpg"));
        Assert.Equal([3L, 2, 4], red.shape);
        Assert.True(red[0].mean().item<float>() > 0.9f && red[2].mean().item<float>() < 0.1f);
        File.WriteAllText(folder.File("fake.png"), "not an image");
        Assert.Contains("not an image SkiaSharp can decode", Assert.Throws<DataFileException>(() => ImageFiles.Read(folder.File("fake.png"))).Message);
    }

    [Fact]
    public void Fortune_files_split_on_percent_lines_and_keep_utf8()
    {
        using var folder = new ScratchFolder();
        File.WriteAllText(folder.File("poems"), "\u001b[32m《静夜思》\u001b[m\n床前明月光\n%\n第二首\n%\n\n%\n", new UTF8Encoding(false));
        var entries = TextCorpus.ReadFortunes(folder.File("poems"));
        Assert.Equal(2, entries.Count);
        Assert.Equal("《静夜思》\n床前明月光", TextCorpus.StripAnsi(entries[0]));
        Assert.Equal("第二首", entries[1]);
    }

    [Fact]
    public void Invalid_utf8_is_a_clear_error()
    {
        using var folder = new ScratchFolder();
        File.WriteAllBytes(folder.File("latin1"), [0x61, 0xE9, 0x62]);
        Assert.Contains("not valid UTF-8 (at byte 1)", Assert.Throws<DataFileException>(() => TextCorpus.ReadText(folder.File("latin1"))).Message);
    }
}
