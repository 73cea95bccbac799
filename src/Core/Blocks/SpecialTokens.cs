namespace NeuralNotebooks.Blocks;

/// <summary>The ids of padding, begin-of-sequence and end-of-sequence in a vocabulary.</summary>
public sealed record SpecialTokens(long Pad, long Bos, long Eos)
{
    /// <summary>The layout our vocabularies use: 0 = padding, 1 = BOS, 2 = EOS.</summary>
    public static SpecialTokens Default { get; } = new(0, 1, 2);
}
