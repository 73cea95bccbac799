namespace NeuralNotebooks.Data.Synthetic;

/// <summary>
/// Question → answer pairs for a small dialogue model. Generator: each pair picks one of six skills
/// uniformly (<c>new Random(seed)</c>) — capital of a country, sum of two numbers 0..9 written as
/// words, the day after a weekday, the colour of a thing, the plural of a noun, the opposite of an
/// adjective — then a fact and one phrasing of its question uniformly; the answer is a short sentence that is
/// a fixed function of the question's content, so it is learnable exactly. Tokens are lower-case words.
/// Each skill has one <em>held-out</em> phrasing (the last of its list) that <see cref="Generate"/> never uses
/// unless asked: it recombines words of the other phrasings in an order training never shows, so it tests
/// whether the model learned the skill or the wording. There are only <see cref="DistinctQuestions"/> distinct
/// questions, so a large sample repeats itself: split by question text (<see cref="DisjointSplit"/>).
/// </summary>
public static class QuestionAnswers
{
    static readonly (string Country, string Capital)[] Capitals =
        [("france", "paris"), ("japan", "tokyo"), ("italy", "rome"), ("egypt", "cairo"), ("kenya", "nairobi"), ("peru", "lima"),
         ("canada", "ottawa"), ("spain", "madrid"), ("china", "beijing"), ("india", "delhi"), ("norway", "oslo"), ("chile", "santiago")];
    static readonly string[] Numbers = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen"];
    static readonly string[] Days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    static readonly (string Thing, string Colour)[] Colours =
        [("sky", "blue"), ("grass", "green"), ("snow", "white"), ("coal", "black"), ("banana", "yellow"), ("tomato", "red"), ("orange", "orange")];
    static readonly (string One, string Many)[] Plurals =
        [("mouse", "mice"), ("child", "children"), ("box", "boxes"), ("city", "cities"), ("knife", "knives"), ("foot", "feet"), ("cat", "cats")];
    static readonly (string Word, string Opposite)[] Opposites =
        [("hot", "cold"), ("big", "small"), ("fast", "slow"), ("happy", "sad"), ("early", "late"), ("light", "dark"), ("open", "closed")];

    // Per skill: every fact as (slot values, answer), and the phrasings; {0} and {1} are the slots. The LAST phrasing is held out.
    static readonly (string[][] Slots, string[] Answers, string[] Phrasings)[] Skills =
    [
        (Capitals.Select(c => new[] { c.Country }).ToArray(), Capitals.Select(c => $"the capital of {c.Country} is {c.Capital}.").ToArray(),
            ["what is the capital of {0}?", "which city is the capital of {0}?", "name the capital of {0}.", "tell me the capital of {0}."]),
        (Pairs(10).Select(p => new[] { Numbers[p.A], Numbers[p.B] }).ToArray(), Pairs(10).Select(p => $"it is {Numbers[p.A + p.B]}.").ToArray(),
            ["what is {0} plus {1}?", "how much is {0} and {1}?", "add {0} to {1}.", "what is {0} and {1}?"]),
        (Days.Select(d => new[] { d }).ToArray(), Days.Select((d, i) => $"after {d} comes {Days[(i + 1) % 7]}.").ToArray(),
            ["what day comes after {0}?", "which day follows {0}?", "what day follows {0}?"]),
        (Colours.Select(c => new[] { c.Thing }).ToArray(), Colours.Select(c => $"the {c.Thing} is {c.Colour}.").ToArray(),
            ["what colour is the {0}?", "tell me the colour of the {0}.", "what is the colour of the {0}?"]),
        (Plurals.Select(p => new[] { p.One }).ToArray(), Plurals.Select(p => $"the plural is {p.Many}.").ToArray(),
            ["what is the plural of {0}?", "one {0}, two what?", "tell me the plural of {0}."]),
        (Opposites.Select(o => new[] { o.Word }).ToArray(), Opposites.Select(o => $"the opposite of {o.Word} is {o.Opposite}.").ToArray(),
            ["what is the opposite of {0}?", "give me the opposite of {0}.", "tell me the opposite of {0}."]),
    ];

    static (int A, int B)[] Pairs(int n) => Enumerable.Range(0, n * n).Select(i => (i / n, i % n)).ToArray();

    /// <summary>How many distinct questions the generator can write with the phrasings training sees (held-out phrasings excluded).</summary>
    public static int DistinctQuestions => Skills.Sum(s => s.Slots.Length * (s.Phrasings.Length - 1));

    /// <summary>
    /// <paramref name="count"/> pairs. With <paramref name="heldOutPhrasings"/> false (the default) only the phrasings
    /// training may see are used; with true, only each skill's held-out phrasing.
    /// </summary>
    public static SequencePairs Generate(int count, int seed, bool heldOutPhrasings = false)
    {
        var random = new Random(seed);
        var pairs = new (string, string)[count];
        for (var i = 0; i < count; i++) pairs[i] = One(random, heldOutPhrasings);
        return SequencePairs.Create(pairs, SequencePairs.Words,
            $"synthetic question → answer pairs (seed {seed}, {count} pairs, {(heldOutPhrasings ? "held-out phrasings only" : "training phrasings")})");
    }

    /// <summary>Training-phrasing pairs followed by held-out-phrasing pairs, with ONE pair of vocabularies for both (a model needs one).</summary>
    public static SequencePairs Combine(SequencePairs training, SequencePairs heldOut) =>
        SequencePairs.Create([.. training.Pairs, .. heldOut.Pairs], SequencePairs.Words, $"{training.Source} + {heldOut.Source}");

    static (string Question, string Answer) One(Random random, bool heldOut)
    {
        var (slots, answers, phrasings) = Skills[random.Next(Skills.Length)];
        var fact = random.Next(slots.Length);
        var phrasing = heldOut ? phrasings[^1] : phrasings[random.Next(phrasings.Length - 1)];
        return (string.Format(phrasing, slots[fact]), answers[fact]);
    }
}
