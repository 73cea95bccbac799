using System.Net;
using System.Security.Cryptography;
using NeuralNotebooks.Data;

namespace NeuralNotebooks.Tests.Data;

/// <summary>The download code, exercised against file:// addresses and an in-process HTTP handler: never the network.</summary>
public class DownloadTests
{
    sealed class FakeServer(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public int Requests { get; private set; }
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            return Task.FromResult(answer(request));
        }
    }

    static RemoteFile Describe(byte[] content, params Uri[] addresses) =>
        new("data.bin", content.Length, "sha256", Convert.ToHexStringLower(SHA256.HashData(content)), addresses);

    [Fact]
    public void A_file_address_is_copied_verified_and_reported()
    {
        using var folder = new ScratchFolder();
        var content = Enumerable.Range(0, 200_000).Select(i => (byte)i).ToArray();
        File.WriteAllBytes(folder.File("source.bin"), content);
        var reports = new List<DownloadProgress>();
        var target = folder.File("cache/data.bin");

        Download.Fetch(Describe(content, new Uri(folder.File("source.bin"))), target, new SynchronousProgress(reports.Add));

        Assert.Equal(content, File.ReadAllBytes(target));
        Assert.Equal(0, reports[0].Received);
        Assert.Equal(content.Length, reports[^1].Received);
        Assert.Equal(1.0, reports[^1].Fraction);
        Assert.False(File.Exists(target + ".part"));
    }

    [Fact]
    public void A_verified_copy_in_the_cache_is_reused_without_asking_the_server()
    {
        using var folder = new ScratchFolder();
        var content = "cached"u8.ToArray();
        File.WriteAllBytes(folder.File("data.bin"), content);
        var server = new FakeServer(_ => throw new InvalidOperationException("must not be called"));
        Download.Fetch(Describe(content, new Uri("http://example.invalid/data.bin")), folder.File("data.bin"), handler: server);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public void Http_downloads_fall_through_to_the_next_mirror_and_check_the_checksum()
    {
        using var folder = new ScratchFolder();
        var content = "the real bytes"u8.ToArray();
        var server = new FakeServer(request => request.RequestUri!.Host == "bad.example"
            ? new HttpResponseMessage(HttpStatusCode.NotFound)
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(content) });
        var file = Describe(content, new Uri("http://bad.example/data.bin"), new Uri("http://good.example/data.bin"));

        Download.Fetch(file, folder.File("data.bin"), handler: server);

        Assert.Equal(content, File.ReadAllBytes(folder.File("data.bin")));
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public void A_corrupt_download_is_rejected_and_not_left_behind()
    {
        using var folder = new ScratchFolder();
        var content = "the real bytes"u8.ToArray();
        var server = new FakeServer(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent("the fake bytes"u8.ToArray()) });
        var e = Assert.Throws<MissingDataException>(() =>
            Download.Fetch(Describe(content, new Uri("http://mirror.example/data.bin")), folder.File("data.bin"), handler: server));
        Assert.Contains("Could not download data.bin: http://mirror.example/data.bin: sha256", e.Message);
        Assert.False(File.Exists(folder.File("data.bin")));
        Assert.False(File.Exists(folder.File("data.bin.part")));
    }

    [Fact]
    public void An_unreachable_server_is_one_clear_error_naming_the_offline_alternatives()
    {
        using var folder = new ScratchFolder();
        var server = new FakeServer(_ => throw new HttpRequestException("Name or service not known"));
        var e = Assert.Throws<MissingDataException>(() =>
            IdxDownloads.FetchAll("MNIST", "mnist", Mnist.Files, progress: null, handler: server, cacheData: folder.Path));
        Assert.Contains("MNIST is not in the cache", e.Message);
        Assert.Contains("Name or service not known", e.Message);
        Assert.Contains("dataset-fashion-mnist", e.Message);
    }

    [Fact]
    public void Downloaded_idx_files_are_read_from_the_cache_afterwards()
    {
        using var folder = new ScratchFolder();
        var sources = Path.Combine(folder.Path, "server");
        Directory.CreateDirectory(sources);
        var files = new List<RemoteFile>();
        foreach (var (name, bytes) in TinyIdx())
        {
            var gz = Path.Combine(sources, name);
            using (var output = File.Create(gz))
            using (var zip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest)) zip.Write(bytes);
            var packed = File.ReadAllBytes(gz);
            files.Add(new RemoteFile(name, packed.Length, "md5", Convert.ToHexStringLower(MD5.HashData(packed)), [new Uri(gz)]));
        }
        var cacheFolder = IdxDownloads.FetchAll("Test digits", "tiny", files, progress: null, cacheData: Path.Combine(folder.Path, "cache"));
        var data = LabelledImages.FromIdxFolder(cacheFolder, Mnist.ClassNames, "test", limit: null);
        Assert.Equal([3L, 1, 28, 28], data.Train.Inputs.shape);
        Assert.Equal([2L, 1, 0], data.Train.Targets.data<long>().ToArray());
    }

    static IEnumerable<(string Name, byte[] Bytes)> TinyIdx()
    {
        byte[] Header(byte rank, params int[] dims) => [0, 0, 8, rank, .. dims.SelectMany(d => BitConverter.GetBytes(d).Reverse())];
        foreach (var prefix in new[] { "train", "t10k" })
        {
            yield return ($"{prefix}-images-idx3-ubyte.gz", [.. Header(3, 3, 28, 28), .. new byte[3 * 28 * 28]]);
            yield return ($"{prefix}-labels-idx1-ubyte.gz", [.. Header(1, 3), 2, 1, 0]);
        }
    }

    sealed class SynchronousProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
