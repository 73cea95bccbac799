using NeuralNotebooks.Data;

namespace NeuralNotebooks.Tests.Data;

public class VocabularyTests
{
    [Fact]
    public void Special_tokens_come_first_then_tokens_by_frequency()
    {
        var vocabulary = Vocabulary.FromCharacters(["abca", "b"]);
        Assert.Equal(["<pad>", "<bos>", "<eos>", "<unk>", "a", "b", "c"], vocabulary.Tokens);
        Assert.Equal([Vocabulary.Bos, 4, 5, 3, Vocabulary.Eos], vocabulary.EncodeCharacters("abz", bos: true, eos: true));
        Assert.Equal("ab<unk>", vocabulary.Decode([1, 4, 5, 3, 2, 6, 0]));
    }

    [Fact]
    public void Chinese_characters_and_surrogate_pairs_are_single_tokens()
    {
        var vocabulary = Vocabulary.FromCharacters(["床前明月光𠀀"]);
        Assert.Equal(4 + 6, vocabulary.Count);
        Assert.Equal("床前明月光𠀀", vocabulary.Decode(vocabulary.EncodeCharacters("床前明月光𠀀")));
    }

    [Fact]
    public void Padding_uses_zero_and_reports_lengths()
    {
        var (ids, lengths) = Vocabulary.PadSequences([[5, 6, 7], [8]]);
        Assert.Equal([2L, 3], ids.shape);
        Assert.Equal([5L, 6, 7, 8, 0, 0], ids.data<long>().ToArray());
        Assert.Equal([3L, 1], lengths.data<long>().ToArray());
        var (cut, cutLengths) = Vocabulary.PadSequences([[5, 6, 7], [8]], maxLength: 2);
        Assert.Equal([5L, 6, 8, 0], cut.data<long>().ToArray());
        Assert.Equal([2L, 1], cutLengths.data<long>().ToArray());
    }
}
