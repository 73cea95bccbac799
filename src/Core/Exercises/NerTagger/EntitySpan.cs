namespace NeuralNotebooks.Exercises.NerTagger;

/// <summary>One entity: its type (PER, LOC, ...) and the tokens it covers, [Start, End) .</summary>
public readonly record struct EntitySpan(string Type, int Start, int End)
{
    /// <summary>
    /// The entities in one BIO-tagged sequence, read the way the CoNLL evaluation script reads them:
    /// B-X starts an entity; I-X continues an open X entity, and an I-X with no open X starts one;
    /// O or a change of type closes it.
    /// </summary>
    public static IReadOnlyList<EntitySpan> FromBio(IReadOnlyList<string> tags)
    {
        var spans = new List<EntitySpan>();
        string? openType = null;
        var openStart = 0;
        for (var i = 0; i <= tags.Count; i++)
        {
            var (prefix, type) = i < tags.Count ? Split(tags[i]) : ('O', "");
            var continues = prefix == 'I' && type == openType;
            if (openType is not null && !continues)
            {
                spans.Add(new EntitySpan(openType, openStart, i));
                openType = null;
            }
            if (prefix is 'B' || (prefix is 'I' && !continues))
                (openType, openStart) = (type, i);
        }
        return spans;
    }

    static (char Prefix, string Type) Split(string tag)
    {
        if (tag == "O") return ('O', "");
        if (tag.Length > 2 && tag[1] == '-' && tag[0] is 'B' or 'I') return (tag[0], tag[2..]);
        throw new ArgumentException($"'{tag}' is not a BIO tag: expected O, B-TYPE or I-TYPE.");
    }
}
