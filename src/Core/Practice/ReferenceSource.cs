namespace NeuralNotebooks.Practice;

/// <summary>
/// The reference code of an exercise as written in Core's source (embedded in the assembly), cut at its
/// <c>#region ExerciseNN</c>: what <c>#!solution</c> shows and what the runner's reference mode puts in the learner cell.
/// </summary>
public static class ReferenceSource
{
    /// <summary>The reference functions of <paramref name="exercise"/>, dedented, as the learner cell would hold them.</summary>
    public static string For(PracticeExercise exercise)
    {
        var name = "NeuralNotebooks.Practice." + exercise.ReferenceFile.Replace('/', '.');
        using var stream = typeof(ReferenceSource).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the reference source {exercise.ReferenceFile} is not embedded in NeuralNotebooks.Core");
        using var reader = new StreamReader(stream);
        return Region(reader.ReadToEnd().Replace("\r\n", "\n").Split('\n'), exercise.ReferenceRegion);
    }

    /// <summary>The lines between <c>#region name</c> and its <c>#endregion</c>, dedented by the least indentation (eng/sync-code.py's rule).</summary>
    public static string Region(IReadOnlyList<string> lines, string name)
    {
        var start = lines.ToList().FindIndex(l => l.Trim() == $"#region {name}");
        if (start < 0) throw new InvalidOperationException($"no '#region {name}'");
        int depth = 0, end = -1;
        for (int i = start + 1; i < lines.Count && end < 0; i++)
        {
            var t = lines[i].Trim();
            if (t.StartsWith("#region", StringComparison.Ordinal)) depth++;
            else if (t.StartsWith("#endregion", StringComparison.Ordinal) && depth-- == 0) end = i;
        }
        if (end < 0) throw new InvalidOperationException($"'#region {name}' has no #endregion");
        var body = lines.Skip(start + 1).Take(end - start - 1).Select(l => l.TrimEnd()).ToList();
        var indent = body.Where(l => l.Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", body.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart())).Trim('\n');
    }
}
