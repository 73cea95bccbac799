using System.Net;
using System.Security.Cryptography;

namespace NeuralNotebooks.Data;

/// <summary>How far a download is: bytes received and (when the server says) the total.</summary>
public sealed record DownloadProgress(string File, long Received, long? Total)
{
    public double? Fraction => Total is > 0 ? (double)Received / Total.Value : null;
}

/// <summary>A file published at one or more addresses, with its size and checksum ("md5" or "sha256", hex).</summary>
public sealed record RemoteFile(string Name, long Size, string Algorithm, string Checksum, IReadOnlyList<Uri> Addresses);

/// <summary>
/// Downloads a published file into the cache, checking size and checksum before it is moved into
/// place (so a half-written or wrong file is never used), trying each address in turn. Connections
/// time out quickly and a stalled transfer is abandoned, so an offline machine gets one clear
/// error in seconds. <c>file://</c> addresses are copied (how the tests exercise this code).
/// </summary>
public static class Download
{
    public static TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);
    public static TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Returns <paramref name="destination"/>, downloading it first unless a verified copy is already there.</summary>
    public static string Fetch(RemoteFile file, string destination, IProgress<DownloadProgress>? progress = null,
        HttpMessageHandler? handler = null, CancellationToken cancellation = default)
    {
        if (File.Exists(destination) && Verify(destination, file) is null) return destination;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
        var failures = new List<string>();
        foreach (var address in file.Addresses)
        {
            var partial = destination + ".part";
            try
            {
                Copy(address, partial, file, progress, handler, cancellation).GetAwaiter().GetResult();
                if (Verify(partial, file) is { } problem) { failures.Add($"{address}: {problem}"); continue; }
                File.Move(partial, destination, overwrite: true);
                return destination;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or OperationCanceledException or UnauthorizedAccessException && !cancellation.IsCancellationRequested)
            {
                failures.Add($"{address}: {Describe(e)}");
            }
            finally
            {
                if (File.Exists(partial)) File.Delete(partial);
            }
        }
        throw new MissingDataException($"Could not download {file.Name}: {string.Join(" | ", failures)}");
    }

    /// <summary>Null when the file has the published size and checksum, else what is wrong.</summary>
    public static string? Verify(string path, RemoteFile file)
    {
        var length = new FileInfo(path).Length;
        if (length != file.Size) return $"size {length} bytes, expected {file.Size}";
        using var stream = File.OpenRead(path);
        using HashAlgorithm hash = file.Algorithm switch
        {
            "md5" => MD5.Create(),
            "sha256" => SHA256.Create(),
            _ => throw new ArgumentException($"Unknown checksum algorithm '{file.Algorithm}'. Allowed: md5, sha256."),
        };
        var actual = Convert.ToHexStringLower(hash.ComputeHash(stream));
        return actual == file.Checksum.ToLowerInvariant() ? null : $"{file.Algorithm} {actual}, expected {file.Checksum}";
    }

    static async Task Copy(Uri address, string target, RemoteFile file, IProgress<DownloadProgress>? progress, HttpMessageHandler? handler, CancellationToken cancellation)
    {
        await using var output = File.Create(target);
        if (address.IsFile)
        {
            await using var input = File.OpenRead(address.LocalPath);
            await Pump(input, output, file.Name, input.Length, progress, cancellation);
            return;
        }
        using var client = new HttpClient(handler ?? new SocketsHttpHandler { ConnectTimeout = ConnectTimeout }, disposeHandler: handler is null)
        {
            Timeout = Timeout.InfiniteTimeSpan, // a stalled read is caught per read below
        };
        using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        connect.CancelAfter(ConnectTimeout + StallTimeout);
        using var response = await client.GetAsync(address, HttpCompletionOption.ResponseHeadersRead, connect.Token);
        if (response.StatusCode != HttpStatusCode.OK) throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        await using var body = await response.Content.ReadAsStreamAsync(cancellation);
        await Pump(body, output, file.Name, response.Content.Headers.ContentLength ?? file.Size, progress, cancellation);
    }

    static async Task Pump(Stream input, Stream output, string name, long? total, IProgress<DownloadProgress>? progress, CancellationToken cancellation)
    {
        var buffer = new byte[81920];
        long received = 0;
        progress?.Report(new DownloadProgress(name, 0, total));
        while (true)
        {
            using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            stall.CancelAfter(StallTimeout);
            var read = await input.ReadAsync(buffer, stall.Token);
            if (read == 0) break;
            await output.WriteAsync(buffer.AsMemory(0, read), cancellation);
            received += read;
            progress?.Report(new DownloadProgress(name, received, total));
        }
    }

    static string Describe(Exception e) => e switch
    {
        TaskCanceledException or OperationCanceledException => "timed out (is this machine offline?)",
        HttpRequestException { InnerException: { } inner } => $"{e.Message} ({inner.Message})",
        _ => e.Message,
    };
}
