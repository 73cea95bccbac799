namespace NeuralNotebooks.Practice.Checks;

/// <summary>
/// Exercise 13: BIO tags → entity spans, and entity-level precision/recall/F1, against the reference: spans on random
/// tag sequences (I- without B-, type changes inside a run, entities at the sentence's end, empty sentences) and on
/// named edge cases; F1 on random corpora; a perfect prediction scores 1; no entities gives 0 without 0 / 0; and
/// entities, not tokens, are counted (a wrong boundary or a wrong type scores 0 though most tokens match).
/// </summary>
public sealed class EntitySpansCheck : IExerciseCheck
{
    static readonly Delegate[] Reference = References.EntitySpansReference.Functions();
    static readonly Func<IReadOnlyList<string>, List<(string, int, int)>> ReferenceSpans = (Func<IReadOnlyList<string>, List<(string, int, int)>>)Reference[0];
    static readonly Func<IReadOnlyList<IReadOnlyList<string>>, IReadOnlyList<IReadOnlyList<string>>, (double, double, double)> ReferenceF1 =
        (Func<IReadOnlyList<IReadOnlyList<string>>, IReadOnlyList<IReadOnlyList<string>>, (double, double, double)>)Reference[1];

    static readonly string[] Types = ["PER", "LOC", "ORG"];

    public IReadOnlyList<PropertyResult> Run(Learner learner, int seed)
    {
        var random = new Random(seed);
        var spans = learner.Function<Func<IReadOnlyList<string>, List<(string, int, int)>>>(0);
        var f1 = learner.Function<Func<IReadOnlyList<IReadOnlyList<string>>, IReadOnlyList<IReadOnlyList<string>>, (double, double, double)>>(1);
        List<(string, int, int)> Spans(IReadOnlyList<string> tags) => learner.Run(0, () => spans(tags));
        (double P, double R, double F1) F1(IReadOnlyList<IReadOnlyList<string>> gold, IReadOnlyList<IReadOnlyList<string>> predicted) => learner.Run(1, () => f1(gold, predicted));

        var sentences = Enumerable.Range(0, 200).Select(i => Tags(random, i % 20 == 0 ? 0 : random.Next(1, 13))).ToArray();
        return CheckKit.InOrder(
            ("spans: edge cases", [], () => EdgeCases(Spans)),
            ("spans: random tag sequences", [], () => RandomSpans(sentences, Spans)),
            ("F1: values", [], () => F1Values(random, F1)),
            ("F1: a perfect prediction is 1", [], () => Perfect(sentences, F1)),
            ("F1: no entities", [], () => NoEntities(F1)),
            ("F1: entities, not tokens", [], () => EntitiesNotTokens(F1)));
    }

    /// <summary>Random BIO tags: O, B-X and I-X of any type anywhere, so I- without B- and type changes occur.</summary>
    static string[] Tags(Random random, int length) => Enumerable.Range(0, length).Select(_ => random.Next(5) switch
    {
        0 or 1 => "O",
        2 => "B-" + Types[random.Next(3)],
        _ => "I-" + Types[random.Next(3)],
    }).ToArray();

    static string Show(IEnumerable<(string Type, int Start, int End)> spans) => "[" + string.Join(", ", spans.Select(s => $"({s.Type}, {s.Start}, {s.End})")) + "]";
    static string Show(IReadOnlyList<string> tags) => "[" + string.Join(" ", tags) + "]";

    static string? Differs(IReadOnlyList<string> tags, List<(string, int, int)> got)
    {
        var want = ReferenceSpans(tags);
        if (got is not null && got.SequenceEqual(want)) return null;
        return $"tags {Show(tags)}: expected {Show(want)}, got {(got is null ? "null" : Show(got))}.";
    }

    static string SpanCause(IReadOnlyList<string> tags, List<(string Type, int Start, int End)>? got)
    {
        var want = ReferenceSpans(tags);
        if (got is null) return "return a list, empty when there is no entity.";
        if (got.Count == want.Count - 1 && want[^1].Item3 == tags.Count && got.SequenceEqual(want.Take(want.Count - 1)))
            return "an entity that runs to the sentence's last token is dropped: close the open entity after the loop (or read one 'O' past the end).";
        if (got.Count == want.Count && got.Zip(want).All(p => p.First.Type == p.Second.Item1 && p.First.Start == p.Second.Item2 && p.First.End == p.Second.Item3 - 1))
            return "end is exclusive here (like a C# range): the entity covers tokens start..end−1.";
        if (got.Count < want.Count)
            return "I-X after O or after another type starts a new entity (conlleval's reading), and a change of type inside a run ends one entity and starts another.";
        return "an entity starts at B-X, or at I-X that does not continue an entity of type X; it continues while the tag is I-X; anything else (O, B-, another type, the end) closes it.";
    }

    static PropertyResult EdgeCases(Func<IReadOnlyList<string>, List<(string, int, int)>> spans)
    {
        string[][] cases =
        [
            [], ["O", "O"], ["B-PER"], ["O", "B-LOC", "I-LOC"], ["I-LOC", "I-LOC", "O"], ["B-PER", "I-LOC"],
            ["B-PER", "B-PER"], ["B-ORG", "I-ORG", "O", "I-ORG"], ["O", "I-PER", "B-PER", "I-PER"],
        ];
        foreach (var tags in cases)
        {
            var got = spans(tags);
            if (Differs(tags, got) is { } detail) return PropertyResult.Fail("spans: edge cases", detail, SpanCause(tags, got));
        }
        return PropertyResult.Pass("spans: edge cases", "empty and all-O sentences, an entity of one token, entities at the end, I- without B- (conlleval: it starts an entity), a change of type, two B- in a row.");
    }

    static PropertyResult RandomSpans(string[][] sentences, Func<IReadOnlyList<string>, List<(string, int, int)>> spans)
    {
        foreach (var tags in sentences)
        {
            var got = spans(tags);
            if (Differs(tags, got) is { } detail) return PropertyResult.Fail("spans: random tag sequences", detail, SpanCause(tags, got));
        }
        return PropertyResult.Pass("spans: random tag sequences", $"{sentences.Length} random sentences (lengths 0–12) give the reference's spans.");
    }

    static string Show((double P, double R, double F1) s) => $"P {s.P:G6}, R {s.R:G6}, F1 {s.F1:G6}";

    static bool Same((double P, double R, double F1) a, (double, double, double) b) =>
        Math.Abs(a.P - b.Item1) < 1e-12 && Math.Abs(a.R - b.Item2) < 1e-12 && Math.Abs(a.F1 - b.Item3) < 1e-12;

    const string EntityCause = "count entities, not tokens: a predicted span is correct only if gold has one with the same type, start and end; P = correct / predicted entities, R = correct / gold entities, F1 = 2PR / (P + R).";

    static PropertyResult F1Values(Random random, Func<IReadOnlyList<IReadOnlyList<string>>, IReadOnlyList<IReadOnlyList<string>>, (double P, double R, double F1)> f1)
    {
        for (int corpus = 0; corpus < 5; corpus++)
        {
            var gold = Enumerable.Range(0, random.Next(1, 8)).Select(_ => Tags(random, random.Next(0, 10))).ToArray();
            // A prediction that is gold with some tags changed: some entities right, some with a wrong boundary or type.
            var predicted = gold.Select(s => s.Select(t => random.Next(4) == 0 ? Tags(random, 1)[0] : t).ToArray()).ToArray();
            var got = f1(gold, predicted);
            var want = ReferenceF1(gold, predicted);
            if (!Same(got, want))
                return PropertyResult.Fail("F1: values", $"gold {string.Join(" | ", gold.Select(s => Show(s)))}, predicted {string.Join(" | ", predicted.Select(s => Show(s)))}: expected {Show(want)}, got {Show(got)}.", EntityCause);
        }
        return PropertyResult.Pass("F1: values", "precision, recall and F1 match the reference on random corpora.");
    }

    static PropertyResult Perfect(string[][] sentences, Func<IReadOnlyList<IReadOnlyList<string>>, IReadOnlyList<IReadOnlyList<string>>, (double P, double R, double F1)> f1)
    {
        var got = f1(sentences, sentences);
        if (!Same(got, (1.0, 1.0, 1.0)))
            return PropertyResult.Fail("F1: a perfect prediction is 1", $"the gold tags scored against themselves: expected P 1, R 1, F1 1, got {Show(got)}.", EntityCause);
        return PropertyResult.Pass("F1: a perfect prediction is 1", "the gold tags against themselves score P = R = F1 = 1.");
    }

    static PropertyResult NoEntities(Func<IReadOnlyList<IReadOnlyList<string>>, IReadOnlyList<IReadOnlyList<string>>, (double P, double R, double F1)> f1)
    {
        var none = new[] { new[] { "O", "O" }, Array.Empty<string>() };
        var some = new[] { new[] { "B-PER", "O" }, Array.Empty<string>() };
        foreach (var (gold, predicted, what) in new[] { (none, none, "no gold and no predicted entity"), (some, none, "gold entities, none predicted"), (none, some, "no gold entity, one predicted") })
        {
            var got = f1(gold, predicted);
            var want = ReferenceF1(gold, predicted);
            if (!Same(got, want))
                return PropertyResult.Fail("F1: no entities", $"{what}: expected {Show(want)}, got {Show(got)}.",
                    "with no predicted (or no gold) entity, 0 / 0 is NaN: precision is 0 when nothing is predicted, recall 0 when there is no gold entity, F1 0 when P + R = 0.");
        }
        return PropertyResult.Pass("F1: no entities", "no entities anywhere, none predicted, or none in gold: 0 without dividing by zero.");
    }

    static PropertyResult EntitiesNotTokens(Func<IReadOnlyList<IReadOnlyList<string>>, IReadOnlyList<IReadOnlyList<string>>, (double P, double R, double F1)> f1)
    {
        var cases = new (string[] Gold, string[] Predicted, string Cause)[]
        {
            (["B-PER", "I-PER", "I-PER", "O", "O", "O"], ["B-PER", "I-PER", "O", "O", "O", "O"],
                "counting tokens instead of entities: 5 of 6 tokens are right, but the one entity has the wrong end, so entity F1 is 0 (token accuracy is not F1)."),
            (["O", "B-LOC", "I-LOC", "O"], ["O", "B-ORG", "I-ORG", "O"],
                "ignoring the type: the boundaries match but LOC is not ORG, so the entity is wrong."),
        };
        foreach (var (gold, predicted, cause) in cases)
        {
            var got = f1([gold], [predicted]);
            if (!Same(got, (0.0, 0.0, 0.0)))
                return PropertyResult.Fail("F1: entities, not tokens", $"gold {Show(gold)}, predicted {Show(predicted)}: expected P 0, R 0, F1 0, got {Show(got)}.", cause);
        }
        return PropertyResult.Pass("F1: entities, not tokens", "a wrong boundary or a wrong type scores 0, though most tokens match.");
    }
}
