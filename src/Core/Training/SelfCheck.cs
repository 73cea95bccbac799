using System.Globalization;

namespace NeuralNotebooks.Training;

/// <summary>
/// A notebook's closing self-check. <see cref="Require"/> throws "Self-check failed: &lt;reason&gt;" (the runner's
/// break-it run looks for that text); <see cref="Headline"/> prints the one number the notebook is judged by, in a
/// line the runner's <c>--seeds</c> collects to report its spread over seeds.
/// </summary>
public static class SelfCheck
{
    public const string FailurePrefix = "Self-check failed: ";
    public const string PassedPrefix = "Self-check passed: ";
    public const string HeadlinePrefix = "Headline: ";

    /// <summary>Throws <see cref="SelfCheckFailedException"/> with the reason when the condition is false.</summary>
    public static void Require(bool condition, string reason)
    {
        if (!condition) throw new SelfCheckFailedException(reason);
    }

    /// <summary>Prints <c>Headline: &lt;name&gt; = &lt;value&gt;</c> (invariant culture, 6 significant digits).</summary>
    public static void Headline(string name, double value) =>
        Console.WriteLine(HeadlineLine(name, value));

    public static string HeadlineLine(string name, double value) =>
        $"{HeadlinePrefix}{name} = {value.ToString("G6", CultureInfo.InvariantCulture)}";

    /// <summary>Prints <c>Self-check passed: &lt;summary&gt;</c>.</summary>
    public static void Passed(string summary) => Console.WriteLine(PassedPrefix + summary);
}

/// <summary>A self-check requirement that did not hold; the message starts with "Self-check failed: ".</summary>
public sealed class SelfCheckFailedException(string reason) : Exception(SelfCheck.FailurePrefix + reason)
{
    public string Reason { get; } = reason;
}
