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

/// <summary>How magic commands show their output.</summary>
static class MagicDisplay
{
    /// <summary>
    /// Displays a value as an output of the cell. The kernel runs a magic command as a child of the cell's
    /// SubmitCode; a display published on the child reaches in-process callers but not every client (a
    /// proxy to the C# kernel drops it), so it is published on the cell's own command when there is one.
    /// </summary>
    public static void Show(KernelInvocationContext context, KernelCommand command, object value) =>
        context.Publish(new Microsoft.DotNet.Interactive.Events.DisplayedValueProduced(
            value, command.Parent ?? command, Microsoft.DotNet.Interactive.Formatting.FormattedValue.CreateManyFromObject(value)));
}

/// <summary>What a magic command displays: HTML for notebooks and the same content as text for consoles.</summary>
public sealed record MagicOutput(string Html, string Text)
{
    public override string ToString() => Text;
}
