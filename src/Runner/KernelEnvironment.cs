namespace NeuralNotebooks.Runner;

/// <summary>
/// Gives the kernel process its environment without touching the runner's own: StdIoKernelConnector takes only a
/// command line, so on Unix the command is started through <c>/usr/bin/env NAME=VALUE ... command</c>. (Setting the
/// variables in this process instead leaked HOME and NUGET_PACKAGES into everything else running in it, tests included.)
/// </summary>
public static class KernelEnvironment
{
    const string Env = "/usr/bin/env";

    public static string[] Wrap(string[] command, IReadOnlyDictionary<string, string> variables)
    {
        if (variables.Count == 0) return command;
        foreach (var name in variables.Keys)
            if (name.Length == 0 || name.Contains('='))
                throw new RunnerException($"'{name}' is not a valid environment variable name for the kernel.");
        if (OperatingSystem.IsWindows() || !File.Exists(Env))
            throw new RunnerException($"The runner starts the kernel through {Env} to give it its own environment, and this system has none.");
        return [Env, .. variables.Select(v => $"{v.Key}={v.Value}"), .. command];
    }
}
