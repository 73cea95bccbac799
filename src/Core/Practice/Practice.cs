using TorchSharp;
using System.Runtime.ExceptionServices;
using static TorchSharp.torch;

namespace NeuralNotebooks.Practice;

/// <summary>
/// Grades what the learner wrote: <c>Practice.Check("05", attention, splitHeads, mergeHeads)</c> runs the exercise's
/// properties against the reference on a thread of its own with a time limit, and returns a <see cref="CheckReport"/>.
/// </summary>
public static class Practice
{
    public static CheckReport Check(string id, params Delegate[] functions) => Check(id, functions, null);

    public static CheckReport Check(string id, Delegate[] functions, CheckOptions? options)
    {
        options ??= new CheckOptions();
        var exercise = PracticeCatalog.Practice(id);
        Validate(exercise, functions);
        var check = PracticeCatalog.CheckFor(exercise);
        var learner = new Learner(exercise, functions);
        // Grading draws from torch's global generator (random inputs, modules' initial weights): the learner's
        // generator is put back afterwards, so a #!check does not change what their next cell draws.
        using var learnersRandomState = torch.get_rng_state();
        try { return RunWithTimeLimit(id, exercise, check, learner, options); }
        finally { torch.set_rng_state(learnersRandomState); }
    }

    static CheckReport RunWithTimeLimit(string id, PracticeExercise exercise, IExerciseCheck check, Learner learner, CheckOptions options)
    {
        IReadOnlyList<PropertyResult>? results = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var scope = NewDisposeScope();
                results = check.Run(learner, options.Seed);
            }
            catch (Exception e) { failure = e; }
        }) { IsBackground = true, Name = $"practice {id} check" };
        thread.Start();
        if (!thread.Join(options.TimeLimit))
            return new CheckReport(exercise, [], CheckProblem.TimedOut,
                $"your code did not finish within {options.TimeLimit.TotalSeconds:G3} s (an endless loop, or far too much work?). " +
                "The grader stopped waiting and the kernel goes on, but .NET cannot stop a running thread: that call keeps running " +
                "in the background, using a core, until it returns — restart the kernel if it never does.");
        return failure switch
        {
            null => new CheckReport(exercise, results!),
            LearnerCodeException { InnerException: NotImplementedException } e =>
                new CheckReport(exercise, [], CheckProblem.NotWritten, $"{e.Function} is not written yet (it still throws NotImplementedException). Write its body in the cell marked '// Your code', run that cell, then #!check."),
            LearnerCodeException e =>
                new CheckReport(exercise, [], CheckProblem.LearnerError, $"your {e.Function} threw {e.InnerException!.GetType().Name}: {FirstLine(e.Message)}" + (e.LearnerFrame is { } frame ? $" ({frame})" : "")),
            _ => Rethrow(failure),
        };
    }

    static CheckReport Rethrow(Exception e)
    {
        ExceptionDispatchInfo.Capture(e).Throw();
        return null!;
    }

    static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    /// <summary>One sentence when the learner gave too few functions or one of the wrong type.</summary>
    public static void Validate(PracticeExercise exercise, IReadOnlyList<Delegate> functions)
    {
        var expected = exercise.Functions;
        if (functions.Count != expected.Count)
            throw new ArgumentException($"Practice {exercise.Id} grades {expected.Count} function(s): {string.Join("; ", expected.Select(f => f.Signature))}; got {functions.Count}.");
        for (int i = 0; i < expected.Count; i++)
            if (functions[i] is null || !expected[i].DelegateType.IsInstanceOfType(functions[i]))
                throw new ArgumentException($"{expected[i].Name} must have the signature {expected[i].Signature}.");
    }
}
