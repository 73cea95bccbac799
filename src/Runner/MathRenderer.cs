using System.Diagnostics;
using System.Text.Json;

namespace NeuralNotebooks.Runner;

/// <summary>
/// TeX to MathML with the npm package temml (installed by eng/setup.sh into our cache folder), run once per
/// export through node over every snippet: browsers render MathML natively, so the pages need no script
/// and no font download. When node or temml is missing, <see cref="Problem"/> says why and nothing is
/// rendered (the pages then show the TeX source).
/// </summary>
public sealed class MathRenderer
{
    const string Script = """
        // Resolved by package name from the npm folder, so that package.json's "exports" picks the CommonJS build.
        const temml = require(require.resolve('temml', { paths: [process.argv[2]] }));
        let input = '';
        process.stdin.setEncoding('utf8');
        process.stdin.on('data', d => input += d);
        process.stdin.on('end', () => {
          const out = JSON.parse(input).map(s => {
            try { return temml.renderToString(s.tex, { displayMode: s.display, throwOnError: true }); }
            catch (e) { return null; }
          });
          process.stdout.write(JSON.stringify(out));
        });
        """;

    readonly string? node, temml;

    public string? Problem { get; private set; }

    MathRenderer(string? node, string? temml, string? problem) => (this.node, this.temml, Problem) = (node, temml, problem);

    /// <summary>node on PATH and temml in <c>{cache}/npm/node_modules/temml</c>.</summary>
    public static MathRenderer Find()
    {
        var node = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "node")).FirstOrDefault(File.Exists);
        var temml = Path.Combine(RunnerPaths.CacheFolder(), "npm", "node_modules", "temml");
        if (node is null) return new(null, null, "math is shown as TeX source because node is not installed (run bash eng/setup.sh)");
        if (!File.Exists(Path.Combine(temml, "package.json")))
            return new(null, null, $"math is shown as TeX source because temml is not installed in {Path.GetDirectoryName(Path.GetDirectoryName(temml))} (run bash eng/setup.sh)");
        return new(node, temml, null);
    }

    /// <summary>A renderer that renders nothing, saying why (tests; callers who want no node process).</summary>
    public static MathRenderer None(string why) => new(null, null, why);

    /// <summary>MathML per snippet, in order; null for a snippet temml rejected, or for all when it cannot run.</summary>
    public IReadOnlyList<string?> Render(IReadOnlyList<MathSnippets.Snippet> snippets)
    {
        var none = new string?[snippets.Count];
        if (snippets.Count == 0 || node is null || temml is null) return none;
        var script = Path.Combine(Path.GetTempPath(), $"nn-temml-{Environment.ProcessId}.js");
        try
        {
            File.WriteAllText(script, Script);
            var start = new ProcessStartInfo(node, [script, Path.GetDirectoryName(Path.GetDirectoryName(temml))!])
            {
                RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
                StandardInputEncoding = new System.Text.UTF8Encoding(false), StandardOutputEncoding = System.Text.Encoding.UTF8,
            };
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            process.StandardInput.Write(JsonSerializer.Serialize(snippets.Select(s => new { tex = s.Tex, display = s.Display })));
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromMinutes(1))) { process.Kill(); Problem = "math is shown as TeX source because temml took over a minute"; return none; }
            if (process.ExitCode != 0) { Problem = $"math is shown as TeX source because temml failed: {NotebookRunner.FirstLine(error.Result)}"; return none; }
            return JsonSerializer.Deserialize<string?[]>(output) ?? none;
        }
        catch (Exception e) when (e is IOException or JsonException or System.ComponentModel.Win32Exception)
        {
            Problem = $"math is shown as TeX source because temml could not run: {e.Message}";
            return none;
        }
        finally { File.Delete(script); }
    }

}
