namespace NeuralNotebooks.Practice;

/// <summary>
/// The learner's functions as the grader calls them. Every call goes through <see cref="Run{T}"/>, so an exception
/// thrown by the learner's code comes out as a <see cref="LearnerCodeException"/> (theirs, not the grader's).
/// </summary>
public sealed class Learner(PracticeExercise exercise, IReadOnlyList<Delegate> functions)
{
    public PracticeExercise Exercise { get; } = exercise;

    /// <summary>Function <paramref name="index"/> as its delegate type.</summary>
    public T Function<T>(int index) where T : Delegate => (T)functions[index];

    /// <summary>Runs one call into function <paramref name="index"/>; its exceptions are the learner's.</summary>
    public T Run<T>(int index, Func<T> call)
    {
        try { return call(); }
        catch (Exception e) when (e is not LearnerCodeException)
        {
            throw new LearnerCodeException(Exercise.Functions[index].Name, e);
        }
    }
}

/// <summary>The properties graded for one exercise. Runs on the check's own thread, inside a dispose scope.</summary>
public interface IExerciseCheck
{
    /// <summary>Every property in order; a later property that needs an earlier one is NotChecked with the reason.</summary>
    IReadOnlyList<PropertyResult> Run(Learner learner, int seed);
}
