using TorchSharp;
using static TorchSharp.torch;

namespace NeuralNotebooks.Blocks;

/// <summary>
/// The one place models check what they are given: image batches, latent vectors, token ids and sequence
/// lengths. Each check throws one <see cref="ArgumentException"/> that names the model, what it expects
/// and what it got, instead of a shape error from deep inside TorchSharp.
/// </summary>
public static class InputChecks
{
    /// <summary>An image batch [N, C, H, W] with <paramref name="channels"/> channels (and H, W fixed or multiples of a number).</summary>
    public static void Images(Tensor x, string model, long channels, long? height = null, long? width = null, long multipleOf = 1)
    {
        var ok = x.dim() == 4 && x.shape[0] > 0 && x.shape[1] == channels
                 && (height is null || x.shape[2] == height) && (width is null || x.shape[3] == width)
                 && x.shape[2] % multipleOf == 0 && x.shape[3] % multipleOf == 0;
        if (ok) return;
        var expected = $"[N, {channels}, {height?.ToString() ?? "H"}, {width?.ToString() ?? "W"}]";
        var rule = multipleOf > 1 ? $" with H and W multiples of {multipleOf}" : "";
        throw new ArgumentException($"{model}: expected input of shape {expected}{rule}, got {Shape(x)}.");
    }

    /// <summary>A batch of vectors [N, size], e.g. a GAN's latent codes.</summary>
    public static void Vectors(Tensor z, string model, long size)
    {
        if (z.dim() == 2 && z.shape[0] > 0 && z.shape[1] == size) return;
        throw new ArgumentException($"{model}: expected input of shape [N, {size}], got {Shape(z)}.");
    }

    /// <summary>Token ids [B, T], int64, each in [0, vocabularySize), T at most <paramref name="maxLength"/>.</summary>
    public static void Tokens(Tensor tokens, long vocabularySize, string model, long maxLength = long.MaxValue, string what = "token ids")
    {
        if (tokens.dim() != 2)
            throw new ArgumentException($"{model}: expected {what} of shape [B, T], got {Shape(tokens)}.");
        if (tokens.dtype != ScalarType.Int64)
            throw new ArgumentException($"{model}: expected {what} of type int64, got {tokens.dtype}.");
        if (tokens.shape[1] > maxLength)
            throw new ArgumentException($"{model}: {what} of length {tokens.shape[1]} exceed the maximum length {maxLength}.");
        // A meta tensor (the device tests use it to catch placement mistakes without a GPU) has shapes but no values.
        if (tokens.numel() == 0 || tokens.device_type == DeviceType.META) return;
        long min = tokens.min().item<long>(), max = tokens.max().item<long>();
        if (min < 0 || max >= vocabularySize)
            throw new ArgumentException(
                $"{model}: {what} contain id {(min < 0 ? min : max)}, outside the vocabulary: ids must be in [0, {vocabularySize - 1}].");
    }

    /// <summary>One length per sequence of a [B, T] batch, int64, each in [1, T].</summary>
    public static void Lengths(Tensor lengths, Tensor tokens, string model)
    {
        long batch = tokens.shape[0], time = tokens.shape[1];
        if (lengths.dim() != 1 || lengths.shape[0] != batch)
            throw new ArgumentException($"{model}: expected lengths of shape [{batch}] (one per sequence), got {Shape(lengths)}.");
        if (lengths.dtype != ScalarType.Int64)
            throw new ArgumentException($"{model}: expected lengths of type int64, got {lengths.dtype}.");
        if (lengths.device_type == DeviceType.META) return;
        long min = lengths.min().item<long>(), max = lengths.max().item<long>();
        if (min < 1 || max > time)
            throw new ArgumentException($"{model}: got a sequence length of {(min < 1 ? min : max)}: lengths must be in [1, {time}] (T = {time}).");
    }

    /// <summary>Attention inputs: query [B, Tq, D], key and value [B, Tk, D] with the same B, and D = <paramref name="modelSize"/>.</summary>
    public static void Attention(Tensor query, Tensor key, Tensor value, long modelSize)
    {
        if (query.dim() != 3 || key.dim() != 3 || value.dim() != 3)
            throw new ArgumentException($"expected query, key and value of shape [B, T, {modelSize}], got {Shape(query)}, {Shape(key)}, {Shape(value)}.");
        if (query.shape[2] != modelSize || key.shape[2] != modelSize || value.shape[2] != modelSize)
            throw new ArgumentException($"expected feature size {modelSize} (d_model), got query {Shape(query)}, key {Shape(key)}, value {Shape(value)}.");
        if (key.shape[1] != value.shape[1] || key.shape[0] != value.shape[0] || query.shape[0] != key.shape[0])
            throw new ArgumentException($"key and value must have the same batch and length, and query the same batch; got query {Shape(query)}, key {Shape(key)}, value {Shape(value)}.");
    }

    /// <summary>A shape as PyTorch prints it, for messages: [2, 3, 28, 28].</summary>
    public static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}
