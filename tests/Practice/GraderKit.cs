using NeuralNotebooks.Practice;

namespace NeuralNotebooks.Tests.Practice;

/// <summary>Asserts on check reports: passed, or failed in a named property with a message that says what to fix.</summary>
static class GraderKit
{
    public static void AssertPasses(CheckReport report) =>
        Assert.True(report.Passed, report.ToString());

    /// <summary>The report failed, and the named property failed with detail or cause containing each fragment.</summary>
    public static PropertyResult AssertFails(CheckReport report, string property, params string[] fragments)
    {
        Assert.False(report.Passed, report.ToString());
        var result = report.Properties.SingleOrDefault(p => p.Name == property);
        Assert.True(result is { Outcome: PropertyOutcome.Failed }, $"expected '{property}' to fail:\n{report}");
        var said = result!.Detail + " " + result.Cause;
        foreach (var fragment in fragments) Assert.True(said.Contains(fragment, StringComparison.Ordinal), $"'{property}' does not say '{fragment}':\n{report}");
        return result;
    }
}
