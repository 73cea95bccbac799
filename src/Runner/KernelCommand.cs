using System.Text.Json;

namespace NeuralNotebooks.Runner;

/// <summary>
/// The command line of the kernel VS Code starts: <c>dotnet-interactive stdio</c>, at the version the
/// repository's tool manifest pins, run straight from the NuGet tool cache so that it works from any
/// working directory (a notebook's folder need not see the manifest).
/// </summary>
public static class KernelCommand
{
    const string ToolId = "microsoft.dotnet-interactive";

    public static string[] Resolve(string startFolder)
    {
        var manifest = FindManifest(startFolder) ?? FindManifest(Directory.GetCurrentDirectory())
            ?? throw new RunnerException($"No .config/dotnet-tools.json found above {startFolder}; the runner needs the pinned {ToolId} tool. Run it from the NeuralNotebooks repository.");
        var version = ReadVersion(manifest);
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
            ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var toolsDir = Path.Combine(packages, ToolId, version, "tools");
        var app = Directory.Exists(toolsDir)
            ? Directory.EnumerateFiles(toolsDir, "Microsoft.DotNet.Interactive.App.dll", SearchOption.AllDirectories).FirstOrDefault()
            : null;
        if (app is null)
            throw new RunnerException($"The kernel tool {ToolId} {version} is not installed. Run `dotnet tool restore` in the repository, then try again.");
        return ["dotnet", app, "stdio"];
    }

    static string? FindManifest(string folder)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(folder)); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".config", "dotnet-tools.json");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    static string ReadVersion(string manifest)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(manifest));
        if (doc.RootElement.GetProperty("tools").TryGetProperty(ToolId, out var tool))
            return tool.GetProperty("version").GetString()!;
        throw new RunnerException($"{manifest} does not pin {ToolId}.");
    }
}

/// <summary>A problem the runner reports in one line, without a stack trace.</summary>
public sealed class RunnerException(string message) : Exception(message);
