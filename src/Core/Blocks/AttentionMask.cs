using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Blocks;

/// <summary>
/// Boolean attention masks, one convention everywhere in our code: <c>true</c> means "this query may
/// look at this key". Shapes broadcast against the scores (B, H, Tq, Tk). TorchSharp's
/// <c>nn.MultiheadAttention</c> uses the opposite convention (<c>true</c> = blocked) for both its
/// <c>key_padding_mask</c> and boolean <c>attn_mask</c>; <c>scaled_dot_product_attention</c> uses ours.
/// </summary>
public static class AttentionMask
{
    /// <summary>Causal mask (1, 1, T, T): position i sees positions 0..i only.</summary>
    public static Tensor Causal(long length, Device? device = null) =>
        ones(length, length, dtype: ScalarType.Bool, device: device).tril().view(1, 1, length, length);

    /// <summary>Padding mask (B, 1, 1, T) from token ids (B, T): every query may look at every real key.</summary>
    public static Tensor FromTokens(Tensor tokens, long padId) => tokens.ne(padId).view(tokens.shape[0], 1, 1, tokens.shape[1]);

    /// <summary>Padding mask (B, 1, 1, T) from sequence lengths (B): keys at index ≥ length are padding.</summary>
    public static Tensor FromLengths(Tensor lengths, long maxLength)
    {
        var positions = arange(maxLength, device: lengths.device).view(1, maxLength);      // (1, T)
        return positions.lt(lengths.view(-1, 1)).view(lengths.shape[0], 1, 1, maxLength);  // (B, 1, 1, T)
    }

    /// <summary>Padding and causal together (B, 1, T, T): what a decoder's self-attention needs.</summary>
    public static Tensor CausalWithPadding(Tensor tokens, long padId) =>
        FromTokens(tokens, padId).logical_and(Causal(tokens.shape[1], tokens.device));
}
