using TorchSharp;

namespace NeuralNotebooks.Data.Synthetic;

/// <summary>A sentence as words with one BIO tag per word (B-X begins an entity of type X, I-X continues it, O is outside).</summary>
public sealed record TaggedSentence(IReadOnlyList<string> Words, IReadOnlyList<string> Tags);

/// <summary>Tagged sentences with their word and tag vocabularies (both with PAD 0, so padded positions are ignored by <c>ignore_index: 0</c>).</summary>
public sealed record TaggedSentences(IReadOnlyList<TaggedSentence> Sentences, Vocabulary Words, Vocabulary Tags, string Source)
{
    /// <summary>Tensors: word ids [N, L], tag ids [N, L], lengths [N]; int64, PAD-padded.</summary>
    public TensorDataset ToDataset() => ToDataset(Sentences, Source);

    /// <summary>Other sentences encoded with THIS set's vocabularies: a word it never saw becomes UNK, as at test time.</summary>
    public TensorDataset ToDataset(IReadOnlyList<TaggedSentence> sentences, string source)
    {
        using var scope = torch.NewDisposeScope();
        var (words, lengths) = Vocabulary.PadSequences(sentences.Select(s => Words.Encode(s.Words)).ToArray());
        var (tags, _) = Vocabulary.PadSequences(sentences.Select(s => Tags.Encode(s.Tags)).ToArray());
        return new TensorDataset([words, tags, lengths], source);
    }

    /// <summary>A sentence as one string (the key that decides whether two sentences are the same).</summary>
    public static string Text(TaggedSentence sentence) => string.Join(" ", sentence.Words);
}

/// <summary>
/// Template sentences with entity spans for named-entity recognition. Generator: for each sentence
/// (<c>new Random(seed)</c>), one of <see cref="Templates"/> is chosen uniformly and each slot is
/// filled with a uniformly chosen entity of its type — PER (one- or two-word names), LOC (cities and
/// countries, some two words), ORG (one to three words), DATE (weekdays, or day month year) — and
/// tagged in BIO form; other words are O. Some words are both a name and a place (e.g. "jordan",
/// "paris"), so context, not memory, decides their tag. A few templates and names are held out of
/// training entirely (<see cref="HeldOutTemplates"/>, <see cref="HeldOutEntities"/>) for a generalisation
/// test; the pools are small, so a large sample repeats sentences: split by text (<see cref="DisjointSplit"/>).
/// </summary>
public static class EntitySentences
{
    public static readonly IReadOnlyList<string> EntityTypes = ["PER", "LOC", "ORG", "DATE"];
    public static readonly IReadOnlyList<string> TagNames = ["O", .. EntityTypes.SelectMany(t => new[] { $"B-{t}", $"I-{t}" })];

    /// <summary>The templates training sees.</summary>
    public static readonly IReadOnlyList<string> Templates =
    [
        "{PER} flew to {LOC} on {DATE} .",
        "{PER} works for {ORG} in {LOC} .",
        "on {DATE} , {ORG} opened an office in {LOC} .",
        "{ORG} hired {PER} last year .",
        "{PER} met {PER} in {LOC} .",
        "the meeting with {ORG} is on {DATE} .",
        "{PER} said that {ORG} will move to {LOC} .",
        "we will visit {LOC} with {PER} on {DATE} .",
        "{PER} left {ORG} on {DATE} .",
        "she lives in {LOC} and works at {ORG} .",
        "{ORG} said that {PER} lives in {LOC} .",
        "{PER} will visit {ORG} on {DATE} .",
    ];

    /// <summary>Templates training never sees: known words in new orders, for the generalisation test.</summary>
    public static readonly IReadOnlyList<string> HeldOutTemplates =
    [
        "on {DATE} , {PER} flew to {LOC} .",
        "{ORG} met {PER} in {LOC} on {DATE} .",
        "we will move to {LOC} with {ORG} .",
    ];

    // Per type: the names training sees. Some words are both a name and a place ("jordan", "paris").
    static readonly Dictionary<string, string[]> Entities = new()
    {
        ["PER"] = ["alice", "bob smith", "maria garcia", "wei zhang", "jordan", "paris hilton", "ahmed", "olga petrova", "kenji sato", "ada lovelace", "david", "sofia"],
        ["LOC"] = ["paris", "jordan", "new york", "berlin", "lagos", "buenos aires", "kyoto", "chile", "cape town", "oslo", "lima", "hong kong"],
        ["ORG"] = ["acme corp", "the united nations", "red cross", "globex", "open university", "city council", "northwind traders", "unicef"],
        ["DATE"] = ["monday", "friday", "sunday", "3 may 2021", "12 june 1999", "1 january 2030", "27 october 2015", "tuesday"],
    };

    /// <summary>Per type: names training never sees (their words are not in any training sentence).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> HeldOutEntities = new Dictionary<string, string[]>
    {
        ["PER"] = ["lena", "tom baker", "priya patel"],
        ["LOC"] = ["madrid", "sao paulo", "nairobi"],
        ["ORG"] = ["initech", "world bank", "blue river labs"],
        ["DATE"] = ["saturday", "9 july 2008", "thursday"],
    };

    /// <summary>
    /// <paramref name="count"/> sentences. By default from the training templates and names only; with
    /// <paramref name="heldOutTemplates"/> from <see cref="HeldOutTemplates"/> instead, with <paramref name="heldOutEntities"/>
    /// every entity from <see cref="HeldOutEntities"/> instead.
    /// </summary>
    public static TaggedSentences Generate(int count, int seed, bool heldOutTemplates = false, bool heldOutEntities = false)
    {
        var random = new Random(seed);
        var templates = heldOutTemplates ? HeldOutTemplates : Templates;
        var sentences = new TaggedSentence[count];
        for (var i = 0; i < count; i++)
        {
            var words = new List<string>();
            var tags = new List<string>();
            foreach (var piece in templates[random.Next(templates.Count)].Split(' '))
            {
                if (piece.StartsWith('{'))
                {
                    var type = piece[1..^1];
                    var options = heldOutEntities ? HeldOutEntities[type] : Entities[type];
                    var entity = options[random.Next(options.Length)].Split(' ');
                    for (var k = 0; k < entity.Length; k++) { words.Add(entity[k]); tags.Add((k == 0 ? "B-" : "I-") + type); }
                }
                else { words.Add(piece); tags.Add("O"); }
            }
            sentences[i] = new TaggedSentence(words, tags);
        }
        var what = (heldOutTemplates, heldOutEntities) switch
        {
            (false, false) => "training templates and names",
            (true, false) => "held-out templates",
            (false, true) => "held-out names",
            _ => "held-out templates and names",
        };
        return new TaggedSentences(sentences, Vocabulary.Build(sentences.Select(s => s.Words)), Vocabulary.FromTokens(TagNames),
            $"synthetic template sentences with BIO entity tags (seed {seed}, {count} sentences, {what})");
    }

    /// <summary>The entity spans of a BIO tag sequence: (type, first word, last word exclusive). An I- without a B- starts a span, as conlleval does.</summary>
    public static IReadOnlyList<(string Type, int Start, int End)> Spans(IReadOnlyList<string> tags)
    {
        var spans = new List<(string, int, int)>();
        string? type = null;
        var start = 0;
        for (var i = 0; i <= tags.Count; i++)
        {
            var tag = i < tags.Count ? tags[i] : "O";
            var continues = type is not null && tag == "I-" + type;
            if (continues) continue;
            if (type is not null) spans.Add((type, start, i));
            type = tag.Length > 2 && (tag[0] == 'B' || tag[0] == 'I') && tag[1] == '-' ? tag[2..] : null;
            start = i;
        }
        return spans;
    }
}
