namespace NeuralNotebooks.Practice;

/// <summary>An exception thrown inside the learner's code (not the grader's), carried out of the check to be shown as theirs.</summary>
public sealed class LearnerCodeException(string function, Exception inner) : Exception(inner.Message, inner)
{
    public string Function { get; } = function;

    /// <summary>The first frame of the learner's own code (a notebook submission), or the first frame at all.</summary>
    public string? LearnerFrame
    {
        get
        {
            var lines = (InnerException?.StackTrace ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
            return lines.FirstOrDefault(l => l.Contains("Submission#", StringComparison.Ordinal) || l.Contains($".{Function}(", StringComparison.Ordinal))
                   ?? lines.FirstOrDefault();
        }
    }
}
