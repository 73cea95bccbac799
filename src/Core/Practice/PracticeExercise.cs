namespace NeuralNotebooks.Practice;

/// <summary>One function the learner writes: its name in the notebook, the delegate the grader calls, the exact signature.</summary>
/// <param name="Name">The method name in the learner cell, e.g. <c>Attention</c>.</param>
/// <param name="DelegateType">The delegate the grader calls it through, e.g. <c>Func&lt;Tensor, Tensor, Tensor, Tensor, (Tensor, Tensor)&gt;</c>.</param>
/// <param name="Signature">The signature as the learner cell writes it.</param>
public sealed record LearnerFunction(string Name, Type DelegateType, string Signature)
{
    /// <summary>The delegate type spelled in C# (for code that converts the learner's method group to it).</summary>
    public string DelegateTypeName => CSharpName(DelegateType);

    static string CSharpName(Type type)
    {
        if (type.IsGenericType && type.FullName?.StartsWith("System.ValueTuple`", StringComparison.Ordinal) == true)
            return "(" + string.Join(", ", type.GetGenericArguments().Select(CSharpName)) + ")";
        if (!type.IsGenericType) return (type.FullName ?? type.Name).Replace('+', '.');
        var name = type.GetGenericTypeDefinition().FullName!;   // nested generics (torch.nn.Module<,>) are "TorchSharp.torch+nn+Module`2"
        return name[..name.IndexOf('`')].Replace('+', '.') + "<" + string.Join(", ", type.GetGenericArguments().Select(CSharpName)) + ">";
    }
}

/// <summary>
/// One practice exercise: what the learner writes, why interviewers ask for it, hints from vague to specific, and
/// where the reference lives (a <c>#region ExerciseNN</c> in <c>src/Core/Practice/References/</c>).
/// </summary>
public sealed record PracticeExercise(
    string Id,
    string Slug,
    string Title,
    string Piece,
    string WhyAsked,
    IReadOnlyList<string> Hints,
    IReadOnlyList<LearnerFunction> Functions,
    string ReferenceFile)
{
    /// <summary>The region of <see cref="ReferenceFile"/> that holds the reference functions, written as the learner cell writes them.</summary>
    public string ReferenceRegion => $"Exercise{Id}";

    /// <summary>The practice notebook, relative to <c>notebooks/</c>.</summary>
    public string Notebook => $"practice/{Id}-{Slug}.ipynb";
}
