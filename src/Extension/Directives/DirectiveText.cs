using Microsoft.DotNet.Interactive.Commands;

namespace NeuralNotebooks.Extension.Directives;

/// <summary>
/// What the cell's own text says about a magic command. The kernel binds an option written without its value
/// (<c>#!review --grade</c>) exactly as an option left out, so that mistake can only be seen in the text.
/// </summary>
static class DirectiveText
{
    /// <summary>Throws one sentence when a line of the cell starting with <paramref name="directive"/> has <paramref name="option"/> with no value after it.</summary>
    public static void RequireValue(KernelCommand command, string directive, string option, string allowed)
    {
        if (command.Parent is not SubmitCode cell) return;
        foreach (var line in cell.Code.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith(directive + " ", StringComparison.Ordinal) || l == directive))
        {
            var words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var at = Array.IndexOf(words, option);
            if (at >= 0 && (at == words.Length - 1 || words[at + 1].StartsWith("--", StringComparison.Ordinal)))
                throw new ArgumentException($"{option} needs a value: {allowed}.");
        }
    }
}
