using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;

namespace NeuralNotebooks.Extension.Directives;

/// <summary>
/// Bad arguments to a magic command fail the command with one clear sentence (what was wrong and what
/// is allowed) instead of a stack trace; the kernel keeps working.
/// </summary>
static class MagicErrors
{
    /// <summary>Runs an action; an ArgumentException or InvalidOperationException fails the command with its message.</summary>
    public static bool Try(KernelInvocationContext context, KernelCommand command, Action action)
    {
        try
        {
            action();
            return true;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            context.Fail(command, message: e is ArgumentOutOfRangeException range ? range.Message.Split(" (Parameter")[0] : e.Message);
            return false;
        }
    }
}

/// <summary>What a magic command displays: HTML for notebooks and the same content as text for consoles.</summary>
public sealed record MagicOutput(string Html, string Text)
{
    public override string ToString() => Text;
}
