namespace NeuralNotebooks.Tests;

// xunit 2 cannot skip from inside a test (no dynamic skip): these facts decide when they are discovered,
// so a missing tool shows as "skipped" with the reason and the fix, never as a pass.

/// <summary>A fact that needs <c>node</c> on PATH.</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (Tools.Which("node") is null) Skip = "skipped because node is not on PATH — install Node.js 20 (Debian: apt-get install nodejs)";
    }
}

/// <summary>A fact that drives Debian's Chromium.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Chromium)) Skip = $"skipped because {Chromium} is missing — run bash eng/setup.sh";
    }
}

static class Tools
{
    public static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
