namespace NeuralNotebooks.Data.Synthetic;

/// <summary>
/// Question → answer pairs for a small dialogue model. Generator: each pair picks one of six skills
/// uniformly (<c>new Random(seed)</c>) — capital of a country, sum of two numbers 0..9 written as
/// words, the day after a weekday, the colour of a thing, the plural of a noun, the opposite of an
/// adjective — and one of several phrasings of its question; the answer is a short sentence that is
/// a fixed function of the question's content, so it is learnable exactly. Tokens are lower-case words.
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

    public static SequencePairs Generate(int count, int seed)
    {
        var random = new Random(seed);
        var pairs = new (string, string)[count];
        for (var i = 0; i < count; i++) pairs[i] = One(random);
        return SequencePairs.Create(pairs, SequencePairs.Words, $"synthetic question → answer pairs (seed {seed}, {count} pairs)");
    }

    static (string Question, string Answer) One(Random random)
    {
        T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
        switch (random.Next(6))
        {
            case 0:
                var (country, capital) = Pick(Capitals);
                return (Pick([$"what is the capital of {country}?", $"which city is the capital of {country}?", $"name the capital of {country}."]),
                    $"the capital of {country} is {capital}.");
            case 1:
                int a = random.Next(10), b = random.Next(10);
                return (Pick([$"what is {Numbers[a]} plus {Numbers[b]}?", $"how much is {Numbers[a]} and {Numbers[b]}?", $"add {Numbers[a]} to {Numbers[b]}."]),
                    $"it is {Numbers[a + b]}.");
            case 2:
                var day = random.Next(7);
                return (Pick([$"what day comes after {Days[day]}?", $"which day follows {Days[day]}?"]), $"after {Days[day]} comes {Days[(day + 1) % 7]}.");
            case 3:
                var (thing, colour) = Pick(Colours);
                return (Pick([$"what colour is the {thing}?", $"tell me the colour of the {thing}."]), $"the {thing} is {colour}.");
            case 4:
                var (one, many) = Pick(Plurals);
                return (Pick([$"what is the plural of {one}?", $"one {one}, two what?"]), $"the plural is {many}.");
            default:
                var (word, opposite) = Pick(Opposites);
                return (Pick([$"what is the opposite of {word}?", $"give me the opposite of {word}."]), $"the opposite of {word} is {opposite}.");
        }
    }
}
