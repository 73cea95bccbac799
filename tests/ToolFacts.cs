namespace NeuralNotebooks.Tests;

// xunit 2 cannot skip from inside a test (no dynamic skip): these facts decide when they are discovered,
// so a missing tool (or a machine the test is not about) shows as "skipped" with the reason, never as a pass.

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

/// <summary>
/// A fact about the loader's patch for a libstdc++ older than TorchSharp 0.107 needs (Debian 12, Ubuntu 22.04 stop
/// before GLIBCXX_3.4.32). Elsewhere there is nothing to patch, and the test says so instead of passing.
/// </summary>
public sealed class OldLibStdCxxFactAttribute : FactAttribute
{
    public OldLibStdCxxFactAttribute()
    {
        if (Tools.LibStdCxxProblem() is { } why) Skip = why;
        else if (Tools.LibStdCxxIsNew()) Skip = $"skipped because {Tools.LibStdCxx} already defines {NeuralNotebooks.Runtime.NativeLibraryPatcher.UnmetVersion}: nothing to patch (the patch is for Debian 12's older libstdc++)";
    }
}

/// <summary>A fact about a Linux whose libstdc++ is new enough for TorchSharp as it ships (the loader patches nothing).</summary>
public sealed class NewLibStdCxxFactAttribute : FactAttribute
{
    public NewLibStdCxxFactAttribute()
    {
        if (Tools.LibStdCxxProblem() is { } why) Skip = why;
        else if (!Tools.LibStdCxxIsNew()) Skip = $"skipped because {Tools.LibStdCxx} lacks {NeuralNotebooks.Runtime.NativeLibraryPatcher.UnmetVersion} (Debian 12): this machine needs the patch, which OldLibStdCxxFact tests cover";
    }
}

/// <summary>A fact that renders math: node and the temml package (eng/setup.sh installs both).</summary>
public sealed class MathRendererFactAttribute : FactAttribute
{
    public MathRendererFactAttribute()
    {
        if (NeuralNotebooks.Runner.MathRenderer.Find().Problem is { } why) Skip = $"skipped: {why}";
    }
}

static class Tools
{
    public static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    public const string LibStdCxx = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6";

    public static string? LibStdCxxProblem() =>
        !OperatingSystem.IsLinux() ? "skipped because the libstdc++ patch is for Linux and this is not Linux"
        : !File.Exists(LibStdCxx) ? $"skipped because {LibStdCxx} is missing (not a Debian-style x86-64 Linux)"
        : null;

    public static bool LibStdCxxIsNew() =>
        File.ReadAllText(LibStdCxx, System.Text.Encoding.Latin1).Contains(NeuralNotebooks.Runtime.NativeLibraryPatcher.UnmetVersion + "\0");
}
